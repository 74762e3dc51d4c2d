// Optional: clicking a highlight selects its card and the reverse. The page reads without it.
document.addEventListener("click", function (e) {
  var t = e.target.closest ? e.target.closest("[data-claim]") : null;
  if (!t) { return; }
  var id = t.getAttribute("data-claim");
  document.querySelectorAll(".active").forEach(function (n) { n.classList.remove("active"); });
  document.querySelectorAll('[data-claim="' + CSS.escape(id) + '"]').forEach(function (n) { n.classList.add("active"); });
  var card = document.getElementById("claim-" + id);
  if (card && t.tagName === "MARK") { card.scrollIntoView({block: "nearest"}); }
});
