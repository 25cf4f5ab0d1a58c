// Behaviour that used to sit inline in templates: the Content-Security-Policy allows script only from files.
"use strict";

// A select with data-verstuur-bij-wijziging submits its form as soon as another option is chosen.
document.addEventListener("change", (event) => {
  const veld = event.target;
  if (veld instanceof HTMLSelectElement && veld.hasAttribute("data-verstuur-bij-wijziging") && veld.form) {
    veld.form.requestSubmit();
  }
});

// Progress of a background task (wmoketen.taken), updated without reloading: every element with data-status-url
// asks the task's status (JSON, scoped to the user) until the task has ended; data-herladen reloads the page then.
(() => {
  const ELKE_MS = 1500;
  const MAX_MS = 2 * 60 * 60 * 1000; // stop asking after two hours (the page can be reloaded)

  function bijwerken(element, s) {
    const balk = element.querySelector("progress");
    if (balk) {
      if (s.procent === null) {
        balk.removeAttribute("value");
      } else {
        balk.value = s.procent;
        balk.textContent = `${s.procent}%`;
      }
    }
    const tekst = element.querySelector(".voortgang-tekst");
    if (tekst) {
      let regel = s.status_tekst;
      if (s.totaal) regel += `: ${s.gedaan} van ${s.totaal}`;
      if (s.stap) regel += ` · ${s.stap}`;
      tekst.textContent = regel;
    }
    const uitkomst = element.querySelector(".voortgang-uitkomst");
    if (uitkomst) uitkomst.textContent = s.fout ? `${s.uitkomst} ${s.fout}`.trim() : s.uitkomst;
    const bestand = element.querySelector(".voortgang-bestand");
    if (bestand && s.bestand) {
      bestand.href = s.bestand;
      bestand.hidden = false;
    }
    element.dataset.status = s.status;
  }

  function volgen(element) {
    if (element.dataset.gevolgd) return;
    element.dataset.gevolgd = "ja";
    const begin = Date.now();
    const vraag = async () => {
      let s;
      try {
        const antwoord = await fetch(element.dataset.statusUrl, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (!antwoord.ok) return; // signed out or gone: stop quietly
        s = await antwoord.json();
      } catch {
        s = null; // a network hiccup: try again
      }
      if (s) {
        bijwerken(element, s);
        if (s.afgelopen) {
          if (element.hasAttribute("data-herladen")) window.location.reload();
          return;
        }
      }
      if (Date.now() - begin < MAX_MS) window.setTimeout(vraag, ELKE_MS);
    };
    vraag();
  }

  const start = () => document.querySelectorAll(".voortgang[data-status-url]").forEach(volgen);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
