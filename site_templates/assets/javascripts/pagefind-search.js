// The theme's search box, answered by Pagefind (the factcheck plugin's option `search`; generator/search.py).
// Material still owns the box: its keyboard shortcuts (/, s, f), opening and closing, arrow keys and
// Enter over the result list. This script loads Pagefind on the first focus and writes Pagefind's
// results into Material's result list, in Material's markup, with each claim's verdict badge,
// claimant and date. Every text is set as text; only Pagefind's <mark> highlights are kept.
(function () {
  "use strict";

  var input = document.querySelector("[data-md-component=search-query]");
  var output = document.querySelector("[data-md-component=search-result]");
  if (!input || !output) return;
  var summary = output.querySelector(".md-search-result__meta");
  var list = output.querySelector(".md-search-result__list");
  var siteRoot = new URL("../../", document.currentScript.src);  // this file is assets/javascripts/
  var translations = readTranslations();
  var shown = 10;
  var pagefind = null;
  var latest = 0;

  function readTranslations() {
    var config = document.getElementById("__config");
    try {
      return (config && JSON.parse(config.textContent).translations) || {};
    } catch (error) {
      return {};
    }
  }

  function translate(key, fallback, count) {
    var text = translations[key] || fallback;
    return count === undefined ? text : text.replace("#", String(count));
  }

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (module) {
        return module.options({ baseUrl: siteRoot.pathname }).then(function () { return module; });
      });
      pagefind.catch(function () {
        pagefind = null;  // not indexed yet (a preview indexes after each build): try again on the next query
      });
    }
    return pagefind;
  }

  function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) {
      summary.textContent = translate("search.result.placeholder", "Type to start searching");
      list.replaceChildren();
      return;
    }
    loadPagefind().then(function (module) {
      return module.debouncedSearch(query, {}, 150);
    }).then(function (found) {
      if (found === null || ticket !== latest) return null;  // a later query replaced this one
      return Promise.all(found.results.slice(0, shown).map(function (result) { return result.data(); }))
        .then(function (pages) { return { total: found.results.length, pages: pages }; });
    }).then(function (answer) {
      if (answer && ticket === latest) show(answer.total, answer.pages);
    }).catch(function () {
      if (ticket !== latest) return;
      summary.textContent = "Search is not available yet: the search index is still being built.";
      list.replaceChildren();
    });
  }

  function show(total, pages) {
    if (total === 0) summary.textContent = translate("search.result.none", "No matching documents");
    else if (total === 1) summary.textContent = translate("search.result.one", "1 matching document");
    else summary.textContent = translate("search.result.other", "# matching documents", total);
    list.replaceChildren.apply(list, pages.map(function (page, rank) { return item(page, pages.length - rank); }));
  }

  // Material's markup for a result (li > a > article), so that its styles, arrow keys and Enter
  // (which opens the result of the highest data-md-score) work as with its own search.
  function item(page, score) {
    var meta = page.meta || {};
    var article = element("article", "md-search-result__article md-typeset");
    article.setAttribute("data-md-score", String(score));
    article.append(element("div", "md-search-result__icon md-icon"));
    article.append(element("h1", null, meta.title || page.url));
    if (meta.verdict) article.append(claimLine(meta));
    var excerpt = element("p", "fc-search-excerpt");
    excerpt.append.apply(excerpt, highlighted(page.excerpt || ""));
    article.append(excerpt);
    var link = element("a", "md-search-result__link");
    link.href = page.url;
    link.tabIndex = -1;
    link.append(article);
    var li = element("li", "md-search-result__item");
    li.append(link);
    return li;
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

  // Pagefind's excerpt is escaped text with <mark> around the words found: parsed inertly
  // (DOMParser runs no script and loads nothing), then rebuilt from its text and marks alone.
  function highlighted(excerpt) {
    var body = new DOMParser().parseFromString("<body>" + excerpt, "text/html").body;
    var nodes = [];
    body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") nodes.push(element("mark", null, node.textContent));
      else nodes.push(document.createTextNode(node.textContent));
    });
    return nodes;
  }

  function element(name, className, text) {
    var made = document.createElement(name);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  input.addEventListener("focus", function () { loadPagefind(); }, { once: true });
  input.addEventListener("input", search);
  input.form.addEventListener("reset", function () { input.value = ""; search(); });
  // Opened with ?q= (the 404 page's form): Material fills the box when the document is loaded.
  document.addEventListener("DOMContentLoaded", function () { if (input.value) search(); });
})();
