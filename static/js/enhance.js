// Optional enhancement: everything works without it. When an error summary
// is shown, make sure it has focus (autofocus already does this in most
// browsers), and let its links move focus to the field with its label visible.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary && document.activeElement !== summary) { summary.focus(); }
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      var group = target.closest(".form-group, fieldset") || target;
      group.scrollIntoView();
      target.focus({ preventScroll: true });
    });
  });
});

// A message after an action (the notification banner) takes the focus when
// the page loads, so that screen readers read it first; autofocus does it in
// most browsers. An error summary, when there is one, keeps the focus.
document.addEventListener("DOMContentLoaded", function () {
  var banner = document.querySelector(".notification-banner[autofocus]");
  if (banner && !document.querySelector(".error-summary") && document.activeElement !== banner) {
    banner.focus();
  }
});

// The resume code: a button that copies it, and says so in a live region.
// Without JavaScript, or without the clipboard (a page not served over
// HTTPS), the code stays text to select; the button is never in the HTML.
document.addEventListener("DOMContentLoaded", function () {
  var code = document.querySelector(".resume-code[data-copy-label]");
  if (!code || !navigator.clipboard) { return; }
  var row = document.createElement("div");
  var button = document.createElement("button");
  var status = document.createElement("p");
  row.className = "copy-code";
  button.type = "button";
  button.className = "button button-secondary";
  button.textContent = code.dataset.copyLabel;
  status.className = "copy-status";
  status.setAttribute("role", "status");
  row.append(button, status);
  code.after(row);
  function say(message) {
    status.textContent = "";  // the same message twice is announced twice
    window.setTimeout(function () { status.textContent = message; }, 100);
  }
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(code.textContent.trim()).then(
      function () { say(code.dataset.copied); },
      function () { say(code.dataset.copyFailed); }
    );
  });
});
