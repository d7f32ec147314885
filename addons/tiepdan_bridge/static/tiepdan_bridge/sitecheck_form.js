// The site-check form (admin/sitecheck_change_form.html). A static file: the CSP runs no inline script.
(function () {
    // A failing answer is said at once, with what it does: the site turns red on the board when saved.
    const box = document.getElementById("fail-warning");
    const form = box.closest("form") || document;
    function labelOf(input) {
        const row = input.closest(".field-row, .form-row, [class*=field-]");
        const label = row && row.querySelector("label");
        return label ? label.textContent.replace("*", "").trim() : input.name;
    }
    function update() {
        const failing = Array.from(form.querySelectorAll("input[type=radio][value=fail]:checked")).map(labelOf);
        box.hidden = failing.length === 0;
        box.textContent = box.dataset.text.replace("{items}", failing.join(", "));
    }
    form.addEventListener("change", function (event) {
        if (event.target.matches("input[type=radio]")) update();
    });
    update();
})();
