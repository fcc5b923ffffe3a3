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
