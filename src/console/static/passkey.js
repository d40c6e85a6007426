// Airlock console: passkey ceremonies (decision panel and passkey registration). Loaded as a file: the
// console's CSP forbids inline script. The server decides everything; this only carries bytes between the
// server and navigator.credentials.

(() => {
  const toBytes = (b64url) => {
    const b64 = b64url.replace(/-/g, "+").replace(/_/g, "/");
    const padded = b64 + "=".repeat((4 - (b64.length % 4)) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  };
  const toB64url = (buffer) => {
    let text = "";
    for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };

  const csrfHeaders = (headerName) => {
    const name = headerName || "x-airlock-csrf";
    const meta = document.querySelector(`meta[name="${name}"]`);
    return { "content-type": "application/json", [name]: meta ? meta.getAttribute("content") : "" };
  };

  const post = async (url, body, headerName) => {
    const response = await fetch(url, {
      method: "POST",
      headers: csrfHeaders(headerName),
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = json.error || {};
      throw new Error(`${error.code || response.status}: ${error.message || "refused"}`);
    }
    return json;
  };

  const say = (element, text, problem) => {
    element.textContent = text;
    element.dataset.state = problem ? "problem" : "ok";
  };

  const describe = (outcome) => {
    const noun = outcome.decision === "approve" ? "Approval" : "Rejection";
    if (!outcome.recorded) return `Your decision already stands; the request is ${outcome.state}.`;
    if (outcome.counted)
      return `${noun} signed with your passkey and counted by the gate; the request is ${outcome.state}.`;
    const why = outcome.ignored ? ` ${outcome.ignored.code}: ${outcome.ignored.reason}` : "";
    return `${noun} recorded but NOT counted by the gate.${why} The request is ${outcome.state}.`;
  };

  // Decision panel.
  for (const panel of document.querySelectorAll("[data-airlock-decision]")) {
    const form = panel.querySelector("[data-airlock-decision-form]");
    const status = panel.querySelector("[data-airlock-status]");
    if (!form || !status) continue;
    const requestId = panel.dataset.requestId;
    const header = panel.dataset.csrfHeader;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const decision = event.submitter ? event.submitter.value : "approve";
      const text = form.elements.text.value;
      const buttons = form.querySelectorAll("button");
      for (const button of buttons) button.disabled = true;
      say(status, decision === "approve" ? "Preparing the approval…" : "Preparing the rejection…");
      try {
        const base = `/api/decisions/${encodeURIComponent(requestId)}`;
        const begun = await post(`${base}/options`, { decision, text }, header);
        if (begun.outcome) {
          say(status, describe(begun.outcome), !begun.outcome.counted);
          return;
        }
        const ceremony = begun.ceremony;
        say(status, `Confirm with your passkey: ${ceremony.decision} ${ceremony.statement.subject[0].name}…`);
        const credential = await navigator.credentials.get({
          publicKey: {
            challenge: toBytes(ceremony.challenge),
            rpId: ceremony.rpId,
            timeout: ceremony.timeoutMs,
            userVerification: "required",
          },
        });
        const r = credential.response;
        const finished = await post(
          base,
          {
            assertion: {
              id: credential.id,
              response: {
                authenticatorData: toB64url(r.authenticatorData),
                clientDataJSON: toB64url(r.clientDataJSON),
                signature: toB64url(r.signature),
              },
            },
          },
          header,
        );
        const outcome = finished.outcome;
        say(status, describe(outcome), !outcome.counted);
        const counted = panel.querySelector("[data-airlock-counted]");
        if (counted) counted.textContent = outcome.approvedBy.length ? outcome.approvedBy.join(", ") : "none";
        if (outcome.state !== "pending") form.hidden = true;
        panel.dataset.outcome = outcome.counted ? "counted" : "not-counted";
      } catch (error) {
        say(status, `Not recorded: ${error.message}`, true);
        panel.dataset.outcome = "refused";
      } finally {
        for (const button of buttons) button.disabled = false;
      }
    });
  }

  // Passkey registration.
  for (const section of document.querySelectorAll("[data-airlock-passkey-registration]")) {
    const button = section.querySelector("[data-airlock-register]");
    const status = section.querySelector("[data-airlock-status]");
    const entry = section.querySelector("[data-airlock-entry]");
    if (!button || !status || !entry) continue;
    button.addEventListener("click", async () => {
      button.disabled = true;
      say(status, "Creating a passkey…");
      try {
        const { options } = await post("/passkeys/options", {});
        const credential = await navigator.credentials.create({
          publicKey: {
            ...options,
            challenge: toBytes(options.challenge),
            user: { ...options.user, id: toBytes(options.user.id) },
            excludeCredentials: (options.excludeCredentials || []).map((c) => ({ ...c, id: toBytes(c.id) })),
          },
        });
        const r = credential.response;
        const result = await post("/passkeys/verify", {
          credential: {
            id: credential.id,
            rawId: toB64url(credential.rawId),
            type: credential.type,
            response: {
              clientDataJSON: toB64url(r.clientDataJSON),
              attestationObject: toB64url(r.attestationObject),
              transports: r.getTransports ? r.getTransports() : [],
            },
            clientExtensionResults: credential.getClientExtensionResults(),
            authenticatorAttachment: credential.authenticatorAttachment || undefined,
          },
        });
        entry.textContent = result.yaml;
        entry.hidden = false;
        say(
          status,
          result.addedToTwin
            ? `Passkey registered and added to the twin's ${result.person}; it signs from the next console start (a console reads the approvers registry once). The entry for governance/approvers.yml:`
            : `Passkey registered. Add this under ${result.person}'s keys in governance/approvers.yml, through review:`,
        );
        section.dataset.outcome = "registered";
      } catch (error) {
        say(status, `Not registered: ${error.message}`, true);
        section.dataset.outcome = "refused";
      } finally {
        button.disabled = false;
      }
    });
  }
})();
