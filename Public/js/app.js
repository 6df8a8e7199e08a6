// The review page's feedback: a refused save's summary takes focus; a link to a field focuses its input; after a
// save the page comes back where the person was.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#input-"]');
    if (!link) return;
    const target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    const folded = target.closest("details");
    if (folded) folded.open = true;
    event.preventDefault();
    target.scrollIntoView({ block: "center" });
    (target.matches("input, select, textarea") ? target : target.querySelector("input, select")).focus();
  });
  const form = document.querySelector("form[novalidate]");
  if (form) form.addEventListener("submit", () => sessionStorage.setItem("listingdesk-scroll", String(window.scrollY)));
  if (new URLSearchParams(location.search).get("saved") === "1") {
    const y = Number(sessionStorage.getItem("listingdesk-scroll"));
    if (y) window.scrollTo(0, y);
    sessionStorage.removeItem("listingdesk-scroll");
  }
});

// The person's time zone, for the times the pages show (without this script: the language's usual zone).
(() => {
  const zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && !document.cookie.split("; ").includes("listingdesk-tz=" + encodeURIComponent(zone))) {
    document.cookie = "listingdesk-tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
  }
})();

// On a narrow screen the source text starts folded, so that the form is in view; a tap opens it.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.querySelector("details.source");
  if (source && window.matchMedia && window.matchMedia("(max-width: 52rem)").matches) source.open = false;
});

// Progressive enhancement for the review page: focusing a field highlights its evidence in the source text,
// and hovering a highlight lights up its field. The page works the same without this script.
document.addEventListener("DOMContentLoaded", () => {
  const marks = document.querySelectorAll("mark[data-fields]");
  const fieldFor = (name) => document.getElementById("field-" + name);
  const clear = () => document.querySelectorAll(".active").forEach((el) => el.classList.remove("active"));
  document.querySelectorAll(".field[data-field]").forEach((field) => {
    const name = field.dataset.field;
    field.addEventListener("focusin", () => {
      clear();
      field.classList.add("active");
      // Every mark that names the field: shared stretches (500/45 for deposit and rent) and each option's words.
      const named = document.querySelectorAll('mark[data-fields~="' + name + '"]');
      named.forEach((mark) => mark.classList.add("active"));
      // The words come into view inside the source pane only: scrolling the page to them would take the field
      // the person just tapped off the screen (on a phone the source sits above the form).
      const first = named[0];
      const pane = first ? first.closest("pre.source-text") : null;
      if (pane && pane.scrollHeight > pane.clientHeight) {
        const offset = first.getBoundingClientRect().top - pane.getBoundingClientRect().top;
        if (offset < 0 || offset > pane.clientHeight - first.offsetHeight) {
          pane.scrollTop += offset - pane.clientHeight / 3;
        }
      }
    });
  });
  marks.forEach((mark) => {
    mark.addEventListener("mouseenter", () => {
      clear();
      mark.classList.add("active");
      mark.dataset.fields.split(" ").forEach((name) => {
        const field = fieldFor(name);
        if (field) field.classList.add("active");
      });
    });
  });
});

// Live extraction on the paste page: the form posts to /listings/stream and shows the fields as the model's reply
// streams in, then opens the review page. Any failure falls back to the plain form post, which shows the server's
// message with the text kept; without this script the form simply posts.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-live]");
  const status = document.getElementById("progress");
  if (!form || !status || !window.fetch || !window.TextDecoder) return;
  let fallback = false;
  form.addEventListener("submit", async (event) => {
    if (fallback) return;
    event.preventDefault();
    // The button pressed goes with the form ("Keep both" on a text pasted before).
    const submitter = event.submitter;
    const button = form.querySelector("button[type=submit]");
    const label = button.textContent;
    button.disabled = true;
    // The words come from the page, in the language it speaks.
    button.textContent = form.dataset.reading;
    form.setAttribute("aria-busy", "true");
    status.textContent = form.dataset.readingWait;
    let preview = document.getElementById("preview");
    if (!preview) {
      preview = document.createElement("dl");
      preview.id = "preview";
      preview.className = "values preview";
      status.after(preview);
    }
    const submitPlainly = () => {
      fallback = true;
      button.disabled = false;
      button.textContent = label;
      form.removeAttribute("aria-busy");
      if (submitter && form.requestSubmit) form.requestSubmit(submitter);
      else form.submit();
    };
    try {
      const response = await fetch(form.dataset.live, {
        method: "POST",
        body: new URLSearchParams(new FormData(form, submitter)),
        headers: { "Accept": "text/event-stream" },
      });
      if (!response.ok || !response.body) return submitPlainly();
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const kind = (block.match(/^event: (.*)$/m) || [])[1];
          const data = JSON.parse((block.match(/^data: (.*)$/m) || [, "{}"])[1]);
          if (kind === "progress") {
            const values = data.values || [];
            status.textContent = values.length
              ? `${form.dataset.readSoFar} (${values.length}):`
              : form.dataset.readingWait;
            // The values as the form will show them, built as text nodes: nothing from the reply becomes markup.
            preview.replaceChildren(...values.flatMap((item) => {
              const term = document.createElement("dt");
              term.textContent = item.label;
              const value = document.createElement("dd");
              value.textContent = item.value;
              return [term, value];
            }));
          } else if (kind === "status") {
            // The model is slow or failing: say what is happening (a rate-limit wait, a retry, a fallback).
            status.textContent = data.message;
          } else if (kind === "done") {
            window.location.assign(data.review);
            return;
          } else if (kind === "failed") {
            return submitPlainly();
          }
        }
      }
      submitPlainly();
    } catch (error) {
      submitPlainly();
    }
  });
});

// The batch page follows its import live: progress events update the bar, the words and the counts; when the
// batch is read the page reloads once to show every row's final state. Without this script the page reloads itself.
document.addEventListener("DOMContentLoaded", () => {
  const batch = document.querySelector("section.batch[data-events]");
  if (!batch || !batch.dataset.events || !window.EventSource) return;
  const source = new EventSource(batch.dataset.events);
  source.addEventListener("progress", (event) => {
    const data = JSON.parse(event.data);
    const bar = document.getElementById("batch-bar");
    if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
    const words = document.getElementById("batch-progress");
    if (words) words.textContent = data.text;
    Object.entries(data.counts || {}).forEach(([state, count]) => {
      const cell = batch.querySelector('[data-count="' + state + '"]');
      if (cell) cell.textContent = String(count);
    });
    if (data.finished) { source.close(); window.location.reload(); }
  });
  source.onerror = () => source.close();
});

// A secret shown once (an API token, an invitation link) gets a copy button; without the script (or without a
// clipboard) the text stays selectable in one tap (`user-select: all`).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button.copy[data-copy]").forEach((button) => {
    const source = document.getElementById(button.dataset.copy);
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener("click", () => {
      navigator.clipboard.writeText(source.textContent.trim()).then(() => {
        button.textContent = button.dataset.copied || label;
        setTimeout(() => { button.textContent = label; }, 2000);
      });
    });
  });
});

// The review queue on a desktop: n the next draft, p the previous, m the next marked field, Ctrl+Enter publishes.
// Without the script the queue's links and the form's buttons do the same.
document.addEventListener("DOMContentLoaded", () => {
  const queue = document.querySelector("nav.queue");
  if (!queue) return;
  const focusNextMarked = () => {
    const marked = Array.from(document.querySelectorAll(".field")).filter((field) => field.querySelector("button.look-right"));
    if (marked.length === 0) return;
    const current = document.activeElement ? document.activeElement.closest(".field") : null;
    const next = marked[(current ? marked.indexOf(current) + 1 : 0) % marked.length];
    const input = next.querySelector("input, select");
    if (input) { input.focus(); input.scrollIntoView({ block: "center" }); }
  };
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      const publish = document.querySelector("form button[formaction][aria-keyshortcuts]");
      if (publish) { event.preventDefault(); publish.click(); }
      return;
    }
    const target = event.target;
    const typing = target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
    // Alt+M works from inside a field too; the single keys only outside one.
    if (event.altKey && event.code === "KeyM") { event.preventDefault(); focusNextMarked(); return; }
    if (event.ctrlKey || event.metaKey || event.altKey || typing) return;
    if (event.key === "n" || event.key === "p") {
      const link = queue.querySelector(event.key === "n" ? "a[rel=next]" : "a[rel=prev]");
      if (link) { event.preventDefault(); window.location.href = link.href; }
    } else if (event.key === "m") {
      event.preventDefault();
      focusNextMarked();
    }
  });
});
