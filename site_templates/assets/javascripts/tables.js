// Sortable tables (Material's documented recipe), re-run on every instant-navigation page load.
document$.subscribe(function () {
  document.querySelectorAll("article table:not([class])").forEach(function (table) {
    new Tablesort(table);
  });
});
