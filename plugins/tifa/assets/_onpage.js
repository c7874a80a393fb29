// Run a page initialiser once per page: on every page change under Material's instant
// navigation (document$), otherwise once the document is ready. Loaded before tifa's other scripts.
window.tifaOnPage = function (init) {
  "use strict";
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
};
