// <steplab-embed>: a runnable StepLab state machine in any page (docs, blog posts).
//
//   <script src="https://…/steplab/steplab-embed.js"></script>
//   <steplab-embed mode="editable" input='{"name": "Ada"}'>
//     <script type="application/json" data-definition> { "StartAt": …, "States": { … } } </script>
//     <script type="text/x-python" data-function="HelloStepFunction">
//       def lambda_handler(event, context):
//           return {"statusCode": 200}
//     </script>
//   </steplab-embed>
//   <steplab-embed src="examples/lab.json" mode="lab"></steplab-embed>
//
// Attributes: definition (ASL JSON), src (URL of a content JSON file, relative to the page), mode
// (read-only | editable | lab), input (JSON), name (the state machine's), title, description, height
// (fixed height; without it the frame follows its content), embed (URL of embed.html; by default
// next to this script). Children: <script type="text/x-python" data-function="Name"
// [data-handler="file.function"]> or <script type="text/javascript" data-function="Name"
// [data-runtime="nodejs22.x"] [data-handler="index.handler"]> (a Node.js function, index.mjs), <script type="application/json" data-definition>, and
// <script type="application/json" data-input>. The element makes an iframe to embed.html with the
// content in the address fragment (base64url JSON, or src= when only a file is given).
(() => {
  if (customElements.get("steplab-embed")) return;
  const script = document.currentScript;
  const defaultEmbed = new URL("embed.html", script?.src ?? document.baseURI).href;
  const elements = new Map();
  let count = 0;

  addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== "steplab-embed:size") return;
    const element = elements.get(data.id);
    if (!element || element.frame?.contentWindow !== event.source || element.hasAttribute("height")) return;
    element.frame.style.height = `${Math.max(120, Number(data.height) || 0)}px`;
  });

  function base64url(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // code written indented inside HTML, without the common indentation and the blank first/last lines
  function dedent(text) {
    const lines = text.replace(/\r\n?/g, "\n").split("\n");
    while (lines.length && !lines[0].trim()) lines.shift();
    while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^[ \t]*/)[0].length));
    return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join("\n") + "\n";
  }

  function json(text, what) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new Error(`<steplab-embed> ${what} is not valid JSON: ${e.message}`);
    }
  }

  class SteplabEmbed extends HTMLElement {
    static observedAttributes = ["definition", "src", "mode", "input", "name", "title", "description", "height", "embed"];

    connectedCallback() {
      // children are parsed after the element itself: wait for them
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => this.render(), { once: true });
      else queueMicrotask(() => this.render());
    }

    disconnectedCallback() {
      if (this.embedId) elements.delete(this.embedId);
    }

    attributeChangedCallback() {
      if (this.frame) this.render();
    }

    // the content given inline (attributes and child scripts), without src
    inline() {
      const content = {};
      const definition = this.querySelector('script[data-definition]')?.textContent ?? this.getAttribute("definition");
      if (definition != null) content.definition = json(definition, "definition");
      const input = this.querySelector('script[data-input]')?.textContent ?? this.getAttribute("input");
      if (input != null) content.input = json(input, "input");
      for (const field of ["name", "title", "description", "mode"]) {
        if (this.hasAttribute(field)) content[field] = this.getAttribute(field);
      }
      // Python functions, and Node.js ones (type="text/javascript", data-runtime="nodejs22.x" by default)
      const functions = [...this.querySelectorAll('script[type="text/x-python"][data-function], script[type="text/javascript"][data-function]')].map((s) => ({
        name: s.dataset.function,
        code: dedent(s.textContent),
        ...(s.dataset.handler ? { handler: s.dataset.handler } : {}),
        ...(s.type === "text/javascript" ? { runtime: s.dataset.runtime ?? "nodejs22.x" } : {}),
      }));
      if (functions.length) content.functions = functions;
      return content;
    }

    async render() {
      const embed = new URL(this.getAttribute("embed") ?? defaultEmbed, document.baseURI).href;
      this.embedId ??= `steplab-embed-${++count}`;
      elements.set(this.embedId, this);
      // a new frame each time: a change of fragment alone would not reload embed.html
      this.frame?.remove();
      this.frame = document.createElement("iframe");
      this.frame.style.cssText = "display:block;width:100%;border:1px solid #d5dbdb;border-radius:8px;background:#fff;height:480px";
      this.append(this.frame);
      this.frame.title = `StepLab: ${this.getAttribute("title") ?? this.getAttribute("name") ?? "state machine"}`;
      if (this.hasAttribute("height")) {
        const h = this.getAttribute("height");
        this.frame.style.height = /^\d+$/.test(h) ? `${h}px` : h;
      }
      let hash;
      try {
        const inline = this.inline();
        const src = this.getAttribute("src");
        const mode = this.getAttribute("mode");
        const onlyMode = Object.keys(inline).every((k) => k === "mode");
        if (src && onlyMode) {
          hash = `src=${encodeURIComponent(new URL(src, document.baseURI).href)}${mode ? `&mode=${encodeURIComponent(mode)}` : ""}`;
        } else {
          let content = inline;
          if (src) {
            const response = await fetch(new URL(src, document.baseURI));
            if (!response.ok) throw new Error(`<steplab-embed> src ${src}: HTTP ${response.status}`);
            content = { ...(await response.json()), ...inline };
          }
          hash = `c=${base64url(JSON.stringify(content))}`;
        }
      } catch (e) {
        const p = document.createElement("p");
        p.setAttribute("role", "alert");
        p.style.cssText = "font:14px/1.5 system-ui,sans-serif;color:#d91515;margin:12px";
        p.textContent = e.message;
        this.frame.style.height = "auto";
        this.frame.srcdoc = p.outerHTML;
        return;
      }
      this.frame.src = `${embed}#${hash}&id=${encodeURIComponent(this.embedId)}`;
    }
  }

  customElements.define("steplab-embed", SteplabEmbed);
})();
