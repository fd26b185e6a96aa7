/* Character counters, loaded from a file (the Content-Security-Policy allows no inline
   script). Attached by data attributes; the page works without it. */
(function () {
  "use strict";

  /* <output data-count-chars-of="id_statement">: the number of characters typed in that
     field, counting a line break as one character as the server does. */
  function countChars(out) {
    var box = document.getElementById(out.getAttribute("data-count-chars-of"));
    if (!box) return;
    function update() { out.textContent = box.value.replace(/\r\n/g, "\n").length; }
    box.addEventListener("input", update);
    update();
  }

  function start() {
    var outs = document.querySelectorAll("[data-count-chars-of]");
    for (var i = 0; i < outs.length; i++) countChars(outs[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
