// Progressive enhancement only: every page works without this file.
// 1. A "Copy link" button beside each passage's ¶ link.
// 2. Citations get today's date as the access date.
// 3. Selecting text in a passage offers "Link to selection": the passage URL with
//    ?hl=<start>-<end> (character offsets the server marks) and a Text Fragment.
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];

  function copy(text, button, done) {
    if (!navigator.clipboard) return;
    navigator.clipboard.writeText(text).then(function () {
      var label = button.textContent;
      button.textContent = done;
      setTimeout(function () { button.textContent = label; }, 2000);
    });
  }

  function addCopyButtons() {
    document.querySelectorAll(".passage-link").forEach(function (link) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-link secondary";
      button.textContent = "Copy link";
      button.setAttribute("aria-label", "Copy the link to " + link.textContent);
      button.addEventListener("click", function () { copy(link.href, button, "Copied"); });
      link.parentNode.insertBefore(button, link.nextSibling);
    });
  }

  function fillAccessDates() {
    var today = new Date();
    var iso = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" +
      String(today.getDate()).padStart(2, "0");
    var long = today.getDate() + " " + MONTHS[today.getMonth()] + " " + today.getFullYear();
    document.querySelectorAll(".accessed").forEach(function (span) {
      span.textContent = span.dataset.format === "iso" ? iso : long;
    });
    document.querySelectorAll(".accessed-field").forEach(function (field) { field.hidden = false; });
    document.querySelectorAll("a.cite-json").forEach(function (link) {
      link.href = link.getAttribute("href").split("?")[0] + "?accessed=" + iso;
    });
  }

  // Offsets count code points, as the server does (Python's str indexes).
  function codePoints(text) { return Array.from(text).length; }

  function offsetIn(container, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  function fragment(text) {
    var encode = function (s) { return encodeURIComponent(s).replace(/-/g, "%2D").replace(/,/g, "%2C"); };
    var words = text.split(/\s+/);
    if (words.length <= 12) return "#:~:text=" + encode(text);
    return "#:~:text=" + encode(words.slice(0, 5).join(" ")) + "," + encode(words.slice(-5).join(" "));
  }

  function selectionLink(holder, paragraph) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount !== 1) return null;
    var range = selection.getRangeAt(0);
    if (!paragraph.contains(range.startContainer) || !paragraph.contains(range.endContainer)) return null;
    var text = paragraph.textContent;
    var start = offsetIn(paragraph, range.startContainer, range.startOffset);
    var end = offsetIn(paragraph, range.endContainer, range.endOffset);
    var chars = Array.from(text);
    while (start < end && /\s/.test(chars[start])) start++;
    while (end > start && /\s/.test(chars[end - 1])) end--;
    if (start >= end) return null;
    var part = chars.slice(start, end).join("");
    return location.origin + holder.dataset.permalink + "?hl=" + start + "-" + end + fragment(part);
  }

  function offerSelectionLinks() {
    var tool = document.createElement("div");
    tool.className = "selection-tool";
    tool.hidden = true;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Link to selection";
    var output = document.createElement("input");
    output.type = "text";
    output.readOnly = true;
    output.className = "selection-url";
    output.setAttribute("aria-label", "Link to the selected text");
    tool.appendChild(button);
    tool.appendChild(output);
    var current = null;

    function update() {
      var holders = document.querySelectorAll("[data-permalink]");
      for (var i = 0; i < holders.length; i++) {
        var paragraph = holders[i].querySelector("p");
        var url = paragraph && selectionLink(holders[i], paragraph);
        if (url) {
          current = url;
          output.value = "";
          holders[i].appendChild(tool);
          tool.hidden = false;
          return;
        }
      }
    }
    document.addEventListener("mouseup", function (event) { if (!tool.contains(event.target)) update(); });
    document.addEventListener("keyup", function (event) { if (event.shiftKey && !tool.contains(event.target)) update(); });
    button.addEventListener("click", function () {
      output.value = current;
      output.select();
      copy(current, button, "Link copied");
    });
  }

  addCopyButtons();
  fillAccessDates();
  offerSelectionLinks();
})();
