// Airlock console: the one client script (served as a file; the CSP forbids inline script). Forms marked
// data-console-post are sent with fetch, carrying the session's CSRF token (from the page's meta tag) in a header;
// the answer is shown in the form's status line and the page reloads after a change.
const CSRF_HEADER = "x-airlock-csrf";

function csrfToken() {
  return document.querySelector(`meta[name="${CSRF_HEADER}"]`)?.getAttribute("content") ?? "";
}

async function post(form) {
  const status = form.querySelector(".result");
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
  const button = form.querySelector("button");
  if (button) button.disabled = true;
  if (status) status.textContent = "Working…";
  try {
    const response = await fetch(form.action, {
      method: "POST",
      headers: { [CSRF_HEADER]: csrfToken(), Accept: "application/json" },
      body: new FormData(form),
      credentials: "same-origin",
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = answer.error ?? { code: String(response.status), message: response.statusText };
      if (status) status.textContent = `Refused (${error.code}): ${error.message}`;
      return;
    }
    if (status) status.textContent = answer.status ? `Done: ${answer.status}` : "Done";
    window.setTimeout(() => window.location.reload(), 800);
  } finally {
    if (button) button.disabled = false;
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-console-post")) return;
  event.preventDefault();
  void post(form);
});

window.airlockConsole = { csrfHeader: CSRF_HEADER, csrfToken };
