// statement-site: Material's search index holds Chinese text segmented by jieba, its words joined
// by zero-width spaces (U+200B). Remove them from the search results as they are shown, so that
// result titles and text copied from them are clean. Runs locally; loads nothing.
(function () {
  "use strict";
  var ZWSP = /\u200b/g;

  function clean(root) {
    if (root.nodeType === Node.TEXT_NODE) {
      if (root.nodeValue.indexOf("\u200b") >= 0) root.nodeValue = root.nodeValue.replace(ZWSP, "");
      return;
    }
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeValue.indexOf("\u200b") >= 0) node.nodeValue = node.nodeValue.replace(ZWSP, "");
    }
  }

  function watch() {
    var results = document.querySelector(".md-search-result");
    if (!results) return;
    clean(results);
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        if (record.type === "characterData") clean(record.target);
        record.addedNodes.forEach(clean);
      });
    }).observe(results, { childList: true, subtree: true, characterData: true });
  }

  // Material's search is a dialog without a name; give it the name of its search field, so
  // that screen readers announce what the dialog is (axe: aria-dialog-name).
  function name() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    var field = document.querySelector(".md-search__input");
    if (dialog && field && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", field.getAttribute("aria-label") || "Search");
    }
  }

  function start() {
    name();
    watch();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
