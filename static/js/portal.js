// What every page does, in a file of its own: the pages run under a strict
// Content-Security-Policy, so nothing is written inline.
(function () {
  "use strict";
  // A button marked data-print prints the page (its print stylesheet drops the navigation).
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
  // A field marked data-select-on-focus selects its whole text (a link to copy).
  document.addEventListener("focusin", function (event) {
    if (event.target.matches("[data-select-on-focus]")) {
      event.target.select();
    }
  });
  // A passkey just made (django-otp-webauthn's script) shows in the list at once.
  document.addEventListener("otp_webauthn.register_complete", function () {
    window.location.reload();
  });
})();
