// Progressive enhancement for the review page: focusing a field highlights its evidence in the source text,
// and hovering a highlight lights up its field. The page works the same without this script.
document.addEventListener("DOMContentLoaded", () => {
  const marks = document.querySelectorAll("mark[data-field]");
  const fieldFor = (name) => document.getElementById("field-" + name);
  const clear = () => document.querySelectorAll(".active").forEach((el) => el.classList.remove("active"));
  document.querySelectorAll(".field[data-field]").forEach((field) => {
    const name = field.dataset.field;
    field.addEventListener("focusin", () => {
      clear();
      field.classList.add("active");
      const mark = document.getElementById("evidence-" + name);
      if (mark) { mark.classList.add("active"); mark.scrollIntoView({ block: "nearest" }); }
    });
  });
  marks.forEach((mark) => {
    mark.addEventListener("mouseenter", () => {
      clear();
      mark.classList.add("active");
      const field = fieldFor(mark.dataset.field);
      if (field) field.classList.add("active");
    });
  });
});
