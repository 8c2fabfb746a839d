// After a form comes back with errors, puts the cursor in the first field that needs fixing.
document.addEventListener("DOMContentLoaded", function () {
  const field = document.querySelector("main [aria-invalid=true]");
  if (field) {
    field.focus({ preventScroll: true });
    field.scrollIntoView({ block: "center" });
  }
});
