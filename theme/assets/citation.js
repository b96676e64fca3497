/*
 * « Citer »: the reference under each event, terrain, notion and publication is text in a
 * <details> (readable and selectable without JavaScript). Where the browser can write to the
 * clipboard, opening it adds a « Copier la référence » button. The button is added on first
 * opening, not on load: a long chronology has one « Citer » per event.
 */
(function () {
  "use strict";

  function addButton(box) {
    if (box.querySelector(".rd-cite__copy") || !navigator.clipboard) return;
    var text = box.querySelector("[data-rd-cite-text]");
    if (!text) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button rd-cite__copy";
    button.textContent = "Copier la référence";
    var status = document.createElement("span");
    status.className = "rd-cite__status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text.textContent.trim()).then(function () {
        status.textContent = "Référence copiée.";
      }, function () {
        status.textContent = "Copie impossible\u00a0: sélectionnez le texte de la référence.";
      });
    });
    text.insertAdjacentElement("afterend", status);
    text.insertAdjacentElement("afterend", button);
  }

  // « toggle » does not bubble: one capturing listener serves every page of the visit.
  document.addEventListener("toggle", function (event) {
    var box = event.target;
    if (box && box.matches && box.matches("details[data-rd-cite]") && box.open) addButton(box);
  }, true);
})();
