/* Continuum : petits comportements sans dépendance (htmx fait le reste). */
(function () {
  "use strict";
  // Boutons de suggestion : remplissent les champs nommés dans data-remplir (JSON {id: valeur}).
  document.addEventListener("click", function (event) {
    var bouton = event.target.closest("[data-remplir]");
    if (!bouton) { return; }
    event.preventDefault();
    var valeurs = JSON.parse(bouton.getAttribute("data-remplir"));
    var premier = null;
    Object.keys(valeurs).forEach(function (id) {
      var champ = document.getElementById(id);
      if (champ) {
        champ.value = valeurs[id];
        champ.dispatchEvent(new Event("change", { bubbles: true }));
        premier = premier || champ;
      }
    });
    var annonce = document.getElementById("annonce");
    if (annonce && bouton.getAttribute("data-annonce")) { annonce.textContent = bouton.getAttribute("data-annonce"); }
    var liste = bouton.closest(".suggestions");
    if (liste) { liste.innerHTML = ""; }
    if (premier) { premier.focus(); }
  });
  // Le résumé des erreurs reçoit le focus au chargement de la page.
  document.addEventListener("DOMContentLoaded", function () {
    var resume = document.getElementById("resume-erreurs");
    if (resume) { resume.focus(); }
  });
})();
