/* Written into a split chronology's page, after its events (a script of the page's own: it
   runs as soon as the browser reaches it, before the site's scripts at the end of the page,
   and again when Material's instant navigation brings the page, which runs the scripts of
   the content it brings). What the reader does not see at first comes after the events, so
   that the browser paints the first ones sooner; put it back, and nothing moves: the filters
   above the events (still hidden: chronology.js shows them), the frise's table in the place
   kept for it (a closed <details> alike), its markers in their lanes (whose height is set).
   Drop the style that hides the lanes without scripts: a page that instant navigation
   fetched was parsed without scripts, so its <noscript> holds a live <style>. */
(function () {
  "use strict";
  var frise = document.querySelector("[data-rd-frise]");
  if (!frise) return;
  var root = document.querySelector("[data-rd-chronology][data-rd-later]");
  if (root) {
    var empty = document.querySelector("[data-rd-empty]");
    var place = frise.nextSibling;
    frise.parentNode.insertBefore(root, place);
    if (empty) frise.parentNode.insertBefore(empty, place);
    root.removeAttribute("data-rd-later");
  }
  var here = document.querySelector("[data-rd-table-here]");
  var table = document.querySelector("details.rd-frise__data:not([data-rd-table-here])");
  if (here && table) here.parentNode.replaceChild(table, here);
  var holder = document.querySelector("template[data-rd-marks]");
  if (holder) {
    Array.prototype.forEach.call(holder.content.querySelectorAll("[data-rd-lane]"),
      function (marks) {
        var lane = frise.querySelector(
          ".rd-frise__cells[data-rd-lane=\"" + marks.getAttribute("data-rd-lane") + "\"]");
        if (!lane) return;
        var fragment = document.createDocumentFragment();
        while (marks.firstChild) fragment.appendChild(marks.firstChild);
        lane.appendChild(fragment);
      });
    holder.parentNode.parentNode.removeChild(holder.parentNode);
  }
  Array.prototype.forEach.call(document.querySelectorAll("noscript[data-rd-no-script]"),
    function (style) { style.parentNode.removeChild(style); });
})();
