// Material's own search (the factcheck plugin's option `search`; generator/search.py): each result that
// is a claim page gets its verdict badge, claimant and date under its title, as Pagefind's results do
// (pagefind-search.js). Material's worker keeps only the blocks of text a query matched, so they come
// from search/results-meta.json, beside its index, loaded on the first focus. Every text is set as text.
(function () {
  "use strict";

  var input = document.querySelector("[data-md-component=search-query]");
  var list = document.querySelector("[data-md-component=search-result] .md-search-result__list");
  if (!input || !list) return;
  var siteRoot = new URL("../../", document.currentScript.src);  // this file is assets/javascripts/
  var byUrl = null;

  function load() {
    if (!byUrl) {
      byUrl = fetch(new URL("search/results-meta.json", siteRoot).href)
        .then(function (response) { return response.ok ? response.json() : {}; })
        .catch(function () { return {}; });
      byUrl.then(decorate);
    }
    return byUrl;
  }

  function decorate() {
    if (!byUrl) return;
    byUrl.then(function (rows) {
      list.querySelectorAll("a.md-search-result__link > article > h1").forEach(function (title) {
        var article = title.parentElement;
        if (article.querySelector(".fc-search-meta")) return;
        var link = new URL(article.parentElement.href);
        if (link.hash || link.href.indexOf(siteRoot.href) !== 0) return;  // a section, or another site
        var meta = rows[decodeURI(link.pathname).slice(decodeURI(siteRoot.pathname).length)];
        if (meta && meta.verdict) title.after(claimLine(meta));
      });
    });
  }

  function claimLine(meta) {
    var line = element("p", "fc-search-meta");
    var badge = element("span", "fc-badge", meta.verdict);
    if (/^[a-z0-9][a-z0-9-]*$/.test(meta.rating || "")) badge.classList.add("fc-rating-" + meta.rating);
    line.append(badge);
    if (meta.claimant) line.append(" ", element("span", "fc-search-meta__claimant", meta.claimant));
    if (meta.date) line.append(" ", element("span", "fc-search-meta__date", meta.date));
    return line;
  }

  function element(name, className, text) {
    var made = document.createElement(name);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  input.addEventListener("focus", load, { once: true });
  new MutationObserver(decorate).observe(list, { childList: true });
  document.addEventListener("DOMContentLoaded", function () { if (input.value) load(); });  // opened with ?q=
})();
