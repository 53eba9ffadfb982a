// Progressive enhancement only: every page works without this file.
// Adds a "Copy link" button beside each passage's ¶ link.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll(".passage-link").forEach(function (link) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-link secondary";
    button.textContent = "Copy link";
    button.setAttribute("aria-label", "Copy the link to " + link.textContent);
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(link.href).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy link"; }, 2000);
      });
    });
    link.parentNode.insertBefore(button, link.nextSibling);
  });
})();
