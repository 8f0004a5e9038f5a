// StepLab's code editor: CodeMirror 6 with the languages StepLab edits (JSON, YAML, Python,
// JavaScript), bracket matching, folding, search and replace, undo history, a lint gutter for
// the diagnostics the app gives, and completion from the app's sources. The app (Rust, Yew)
// creates one per editor with `StepLabEditor.create(parent, options)` and talks to it through
// the handle it returns (also kept as `parent.steplabEditor`).
import { EditorState, Compartment } from '@codemirror/state';
import {
  EditorView, hoverTooltip, keymap, lineNumbers, highlightActiveLineGutter, highlightSpecialChars,
  drawSelection, highlightActiveLine, rectangularSelection,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  foldGutter, foldKeymap, indentOnInput, bracketMatching, syntaxHighlighting,
  defaultHighlightStyle,
} from '@codemirror/language';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics, lintKeymap } from '@codemirror/lint';
import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { python } from '@codemirror/lang-python';
import { javascript } from '@codemirror/lang-javascript';

const languages = {
  json: () => json(),
  yaml: () => yaml(),
  python: () => python(),
  javascript: () => javascript(),
  text: () => [],
};

/**
 * Why the bytes of a dropped file are not text StepLab can put in an editor, with where
 * (`null`: they are UTF-8 text): a NUL byte, or bytes that are not UTF-8.
 */
export function notText(bytes) {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return `it holds a NUL byte at offset ${nul}, so it is not text`;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return null;
  } catch {
    // the first offset where the bytes stop being UTF-8
    let good = 0;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let step = 1 << 20; step >= 1; step >>= 1) {
      while (good + step <= bytes.length) {
        try {
          decoder.decode(bytes.subarray(0, good + step));
          good += step;
        } catch {
          break;
        }
      }
    }
    return `its bytes are not UTF-8 text (from offset ${good})`;
  }
}

/** Shows `message` under the editor in `parent` for a while (a refused drop). */
function tell(parent, message) {
  let note = parent.querySelector(':scope > .cm-refused');
  if (!note) {
    note = document.createElement('div');
    note.className = 'cm-refused field-error';
    note.setAttribute('role', 'alert');
    parent.appendChild(note);
  }
  note.textContent = message;
  clearTimeout(note.steplabTimer);
  note.steplabTimer = setTimeout(() => note.remove(), 15000);
}

/** The word before the cursor and where it starts, for completion. */
function wordBefore(context) {
  return context.matchBefore(/[\w$.:-]*/);
}

function create(parent, options = {}) {
  const language = new Compartment();
  const readOnly = new Compartment();
  let onChange = options.onChange ?? (() => {});
  let complete = options.complete ?? null;
  // the app is asked only where the line before the cursor looks like a place it completes
  let completeWhen = null;
  let help = options.hover ?? null;
  let applying = false;
  const completion = autocompletion({
    override: [
      (context) => {
        if (!complete) return null;
        const word = wordBefore(context);
        if (!word || (word.from === word.to && !context.explicit)) return null;
        if (completeWhen && !context.explicit) {
          const line = context.state.doc.lineAt(context.pos);
          if (!completeWhen.test(line.text.slice(0, context.pos - line.from))) return null;
        }
        const text = context.state.doc.toString();
        const items = complete(text, context.pos);
        if (!items || items.length === 0) return null;
        return {
          from: word.from,
          options: items.map((i) => ({ label: i.label, type: i.type, detail: i.detail, info: i.info, apply: i.apply })),
          validFor: /^[\w$.:-]*$/,
        };
      },
    ],
  });
  const hover = hoverTooltip((view, pos) => {
    if (!help) return null;
    const text = help(view.state.doc.toString(), pos);
    if (!text) return null;
    return {
      pos,
      above: true,
      create() {
        const dom = document.createElement('div');
        dom.className = 'cm-help';
        dom.textContent = text;
        return { dom };
      },
    };
  });
  const extensions = [
    hover,
    highlightSpecialChars(),
    history(),
    drawSelection(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    bracketMatching(),
    closeBrackets(),
    rectangularSelection(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    completion,
    keymap.of([
      ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap,
      ...completionKeymap, ...lintKeymap, indentWithTab,
    ]),
    language.of((languages[options.language] ?? languages.text)()),
    readOnly.of([EditorState.readOnly.of(!!options.readOnly), EditorView.editable.of(!options.readOnly)]),
    // a change that would make the text longer than maxLength is refused whole (a 50 MB paste):
    // the text stays as it was, and the app is told
    EditorState.transactionFilter.of((tr) => {
      if (!options.maxLength || !tr.docChanged || tr.newDoc.length <= options.maxLength) return tr;
      if (options.onRefused) setTimeout(() => options.onRefused(tr.newDoc.length), 0);
      return [];
    }),
    // files dropped into the editor: a text file is inserted where it is dropped, as
    // CodeMirror does; one that is not text (an image, a zip) is refused with where it stops
    // being text, and the text stays as it was
    EditorView.domEventHandlers({
      drop(event, view) {
        const files = event.dataTransfer?.files;
        if (!files || files.length === 0 || view.state.readOnly) return false;
        event.preventDefault();
        const at = view.posAtCoords({ x: event.clientX, y: event.clientY }) ?? view.state.selection.main.head;
        Promise.all([...files].map(async (file) => {
          const bytes = new Uint8Array(await file.arrayBuffer());
          const why = notText(bytes);
          if (why) throw new Error(`The file ${file.name} was not inserted: ${why}.`);
          return new TextDecoder().decode(bytes);
        })).then((texts) => {
          view.dispatch({ changes: { from: at, insert: texts.join('') }, userEvent: 'input.drop' });
        }, (refused) => tell(parent, refused.message));
        return true;
      },
    }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged && !applying) onChange(update.state.doc.toString());
    }),
    EditorView.contentAttributes.of({
      'aria-label': options.label ?? 'Code',
      ...(options.id ? { id: options.id } : {}),
      spellcheck: 'false',
    }),
  ];
  if (options.lineNumbers !== false) {
    extensions.push(lineNumbers(), highlightActiveLineGutter(), foldGutter(), lintGutter());
  } else {
    extensions.push(lintGutter());
  }
  if (options.minHeight) {
    extensions.push(EditorView.theme({ '.cm-content, .cm-gutter': { minHeight: options.minHeight } }));
  }
  const view = new EditorView({
    state: EditorState.create({ doc: options.value ?? '', extensions }),
    parent,
  });
  const handle = {
    view,
    /** The text now. */
    getValue: () => view.state.doc.toString(),
    /** Replaces the text (the app's own change: onChange is not called). */
    setValue(text) {
      if (text === view.state.doc.toString()) return;
      applying = true;
      try {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      } finally {
        applying = false;
      }
    },
    /** Replaces the text as if typed (onChange is called): for tests and tools. */
    type(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, userEvent: 'input' });
    },
    setLanguage(name) {
      view.dispatch({ effects: language.reconfigure((languages[name] ?? languages.text)()) });
    },
    setReadOnly(on) {
      view.dispatch({ effects: readOnly.reconfigure([EditorState.readOnly.of(!!on), EditorView.editable.of(!on)]) });
    },
    /** Marks problems: [{from, to, severity: "error" | "warning" | "info", message}] (character offsets). */
    setDiagnostics(list) {
      const length = view.state.doc.length;
      const clamp = (n) => Math.max(0, Math.min(length, n | 0));
      const diagnostics = (list ?? []).map((d) => {
        const from = clamp(d.from);
        return { from, to: Math.max(from, clamp(d.to)), severity: d.severity ?? 'error', message: String(d.message ?? '') };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    /** The function asked for completions: (text, offset) => [{label, type?, detail?, info?, apply?}]. */
    setCompletion(fn, when) {
      complete = fn;
      completeWhen = when ? new RegExp(when) : null;
    },
    /** The function asked for help at a position: (text, offset) => string | null. */
    setHover(fn) {
      help = fn;
    },
    setOnChange(fn) {
      onChange = fn ?? (() => {});
    },
    /** Selects from..to (UTF-16 offsets), scrolls it into view and focuses the editor. */
    select(from, to) {
      const length = view.state.doc.length;
      const anchor = Math.max(0, Math.min(length, from | 0));
      const head = Math.max(anchor, Math.min(length, to | 0));
      view.dispatch({ selection: { anchor, head }, scrollIntoView: true });
      view.focus();
    },
    focus: () => view.focus(),
    destroy() {
      view.destroy();
      delete parent.steplabEditor;
    },
  };
  parent.steplabEditor = handle;
  return handle;
}

window.StepLabEditor = { create };
