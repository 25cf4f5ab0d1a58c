// Behaviour that used to sit inline in templates: the Content-Security-Policy allows script only from files.
"use strict";

// A select with data-verstuur-bij-wijziging submits its form as soon as another option is chosen.
document.addEventListener("change", (event) => {
  const veld = event.target;
  if (veld instanceof HTMLSelectElement && veld.hasAttribute("data-verstuur-bij-wijziging") && veld.form) {
    veld.form.requestSubmit();
  }
});
