// The one-flow reception page (admin/new_reception.html): add rows, Enter to the next row, the running
// counter and the representatives rule, find a registered citizen. A static file: the CSP runs no inline script.
(function () {
    const form = document.getElementById("new-reception-form");
    const rows = document.getElementById("people-rows");
    const total = document.getElementById("id_people-TOTAL_FORMS");
    function addRow(prefix, templateId, holder, totalInput) {
        const index = parseInt(totalInput.value, 10);
        const box = document.createElement("tbody");
        box.innerHTML = document.getElementById(templateId).innerHTML.replace(/__prefix__/g, index).trim();
        const row = box.firstElementChild;
        Array.from(box.children).forEach(function (child) { holder.appendChild(child); });  // a person's row and its details
        totalInput.value = index + 1;
        const number = row.querySelector(".row-number");
        if (number) { number.textContent = index + 1; }
        return row;
    }
    function addPerson() {
        const row = addRow("people", "person-template", rows, total);
        const role = row.querySelector("select[name$='-role']");
        if (role) { role.value = "thanh_vien"; }
        count();
        return row;
    }
    document.getElementById("add-person").addEventListener("click", function (event) {
        event.preventDefault();
        addPerson().querySelector("input").focus();
    });
    document.getElementById("add-paper").addEventListener("click", function () {
        addRow("papers", "paper-template", document.getElementById("paper-rows"), document.getElementById("id_papers-TOTAL_FORMS")).querySelector("input").focus();
    });
    // Enter in a person's row goes to the next row, adding one at the end: a group is typed without the mouse.
    rows.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" || event.target.tagName === "TEXTAREA") { return; }
        event.preventDefault();
        const row = event.target.closest("tr");
        let next = row.nextElementSibling;
        while (next && !next.classList.contains("person-row")) { next = next.nextElementSibling; }
        (next || addPerson()).querySelector("input").focus();
    });
    form.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && event.target.tagName === "INPUT" && event.target.id === "find-citizen") { event.preventDefault(); }
    });
    // The running counter and the representatives rule (Luật Tiếp công dân art. 29).
    const counter = document.getElementById("people-counter");
    const ruleLine = document.getElementById("people-rule");
    const sizeInput = document.getElementById("id_group_size");
    function count() {
        let listed = 0, reps = 0;
        rows.querySelectorAll(".person-row").forEach(function (row) {
            const name = row.querySelector("input[name$='-full_name']");
            if (name && name.value.trim()) {
                listed += 1;
                const role = row.querySelector("select[name$='-role']");
                if (role && role.value === "nguoi_dai_dien") { reps += 1; }
            }
        });
        const size = parseInt(sizeInput && sizeInput.value, 10) || listed;
        let text = size + " " + counter.dataset.people;
        let broken = listed > size;
        if (size >= 5) {
            const max = size > 10 ? 5 : 2;
            text += " · " + reps + " " + counter.dataset.reps + " (" + counter.dataset.max + " " + max + ")";
            broken = broken || reps < 1 || reps > max;
        } else {
            text += " · " + counter.dataset.none;
        }
        counter.textContent = text;
        counter.classList.toggle("text-red-600", broken);
        ruleLine.classList.toggle("hidden", !broken);
    }
    // A proxy, a lawyer and an organisation's representative show their paper: open the row's details.
    rows.addEventListener("change", function (event) {
        if (!event.target.name || !event.target.name.endsWith("-role")) { return; }
        const details = event.target.closest("tr").nextElementSibling.querySelector("details.person-details");
        if (details && ["nguoi_duoc_uy_quyen", "luat_su", "dai_dien_to_chuc"].includes(event.target.value)) { details.open = true; }
    });
    form.addEventListener("input", count);
    form.addEventListener("change", count);
    count();
    // Find a registered citizen and put them in the first empty row.
    const find = document.getElementById("find-citizen");
    const results = document.getElementById("find-results");
    let timer = null;
    function fill(person) {
        let target = null;
        rows.querySelectorAll(".person-row").forEach(function (row) {
            const name = row.querySelector("input[name$='-full_name']");
            if (!target && name && !name.value.trim()) { target = row; }
        });
        target = target || addPerson();
        Object.keys(person).forEach(function (key) {
            const input = target.querySelector("[name$='-" + key + "']") || target.nextElementSibling.querySelector("[name$='-" + key + "']");
            if (input && input.type === "checkbox") { input.checked = Boolean(person[key]); }
            else if (input) { input.value = person[key]; }
        });
        results.innerHTML = "";
        find.value = "";
        count();
    }
    find.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
            if (find.value.trim().length < 2) { results.innerHTML = ""; return; }
            fetch(find.dataset.url + "?q=" + encodeURIComponent(find.value), {credentials: "same-origin"})
                .then(function (r) { return r.json(); })
                .then(function (data) {
                    results.innerHTML = "";
                    data.results.forEach(function (person) {
                        const item = document.createElement("li");
                        const button = document.createElement("button");
                        button.type = "button";
                        button.className = "text-primary-600 underline find-result";
                        button.textContent = person.full_name + " — " + person.id_number + (person.date_of_birth ? " — " + person.date_of_birth : "");
                        button.addEventListener("click", function () { fill(person); });
                        item.appendChild(button);
                        results.appendChild(item);
                    });
                });
        }, 250);
    });
})();
