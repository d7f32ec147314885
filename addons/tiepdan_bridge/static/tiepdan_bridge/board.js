// The readiness board (board.html): choosing another planned start reloads the board at once.
// A static file instead of onchange=: the CSP runs no inline script or event attribute.
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
});
