// The form and the experiment config it edits. The config is the source of truth (it is what the URL
// holds and what the simulator validates); each control with a `data-field` path reads and writes one
// place in it, and fields without a control (a preset's extras) pass through untouched.
//
// Validation is the library's own (resolveExperimentConfig): a StairsInputError names a dotted field, and
// the message goes next to the control for that field, or for its closest enclosing field that has one.
//
// The config may also be a multi-run preset's shape, {"description", "runs": {name: config, ...}} (the
// staircase: independent vs correlated latents). Then each control edits every run at once, as `--set` does
// on the command line, and a field whose value differs between the runs (the coupling) shows "differs
// between runs" and is edited in the JSON.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type ConfigObject = { [key: string]: Json };

/** Which of betaM, betaU, betaV each model kind uses (as ACTIVE_BETAS in src/config/model.ts; here only to
 * grey out unused fields -- the library's validator has the last word). */
const ACTIVE_BETAS: Record<string, string[]> = {
  gaussian: [],
  mixture: ["betaM"],
  "spiked-covariance": ["betaU"],
  "spiked-cumulant": ["betaV"],
  mcm: ["betaM", "betaU", "betaV"],
};
const DEFAULT_BETAS: Record<string, number> = { betaM: 1, betaU: 5, betaV: 5 };

/** Losses offered for each learner kind; the first is the default. */
const LOSSES: Record<string, string[]> = {
  neuron: ["correlation", "square"],
  network: ["square", "logistic"],
};

export class ConfigForm {
  private config: ConfigObject = {};
  private readonly controls: (HTMLInputElement | HTMLSelectElement)[];
  private readonly json: HTMLTextAreaElement;

  /** `onEdit` is called after every edit the user makes, with the new config. */
  constructor(private readonly form: HTMLFormElement, private readonly onEdit: (config: ConfigObject) => void) {
    this.controls = Array.from(form.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input[data-field], select[data-field]"));
    this.json = form.querySelector<HTMLTextAreaElement>("#config-json")!;
    for (const control of this.controls) {
      control.addEventListener(control instanceof HTMLSelectElement ? "change" : "input", () => this.edit(control));
    }
    this.json.addEventListener("input", () => this.editJson());
  }

  /** The configs the controls edit: each run of a multi-run config, else the config itself. */
  private targets(): ConfigObject[] {
    const runs = runsOf(this.config);
    return runs ? Object.values(runs) : [this.config];
  }

  get value(): ConfigObject {
    return structuredClone(this.config);
  }

  /** Replaces the whole config (a preset, the URL) and redraws every control. */
  set(config: ConfigObject): void {
    this.config = structuredClone(config);
    this.render();
    this.json.value = JSON.stringify(this.config, null, 2);
  }

  private edit(control: HTMLInputElement | HTMLSelectElement): void {
    for (const config of this.targets()) applyEdit(config, control.dataset.field!, control.value, control.dataset.type === "number");
    // Re-render the other controls (a kind change enables or hides some), but not the one being typed in.
    this.render(control);
    this.json.value = JSON.stringify(this.config, null, 2);
    this.onEdit(this.value);
  }

  private editJson(): void {
    try {
      const parsed = JSON.parse(this.json.value) as Json;
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("the config must be a JSON object");
      this.config = parsed;
      this.render();
      this.showErrors([]);
      this.onEdit(this.value);
    } catch (error) {
      this.showErrors([{ field: "", message: `not valid JSON: ${(error as Error).message}` }]);
    }
  }

  /** Writes the config into every control (except `skip`, which the user is editing). */
  private render(skip?: Element): void {
    const targets = this.targets();
    // The kinds of the first run decide which fields show (the runs of a preset share their kinds).
    const first = targets[0];
    const model = (first.model ?? {}) as ConfigObject;
    const learner = (first.learner ?? {}) as ConfigObject;
    const kind = String(model.kind ?? "mcm");
    const learnerKind = String(learner.kind ?? "neuron");
    const loss = this.form.querySelector<HTMLSelectElement>('select[data-field="learner.loss"]')!;
    const losses = LOSSES[learnerKind] ?? [];
    if (loss.dataset.kind !== learnerKind) {
      loss.replaceChildren(...losses.map((name) => new Option(name, name)));
      loss.dataset.kind = learnerKind;
    }
    const runNames = Object.keys(runsOf(this.config) ?? {});
    for (const control of this.controls) {
      const path = control.dataset.field!;
      const values = targets.map((config) => readField(config, path));
      const varies = values.some((value) => JSON.stringify(value) !== JSON.stringify(values[0]));
      if (control !== skip) {
        if (varies) writeVaries(control);
        else writeControl(control, values[0]);
      }
      let disabled = varies;
      let title = varies ? `differs between the runs (${runNames.join(", ")}): edit it in the JSON` : "";
      if (path.startsWith("model.beta")) {
        const used = ACTIVE_BETAS[kind]?.includes(path.slice("model.".length)) ?? true;
        disabled ||= !used;
        if (!used) title = `not used by the ${kind} model`;
      }
      control.disabled = disabled;
      control.title = title;
    }
    for (const field of Array.from(this.form.querySelectorAll<HTMLElement>("[data-show-when]"))) {
      // "path=a|b" shows the field when the value is a or b; "path!=a" when it is not a.
      const [, path, negated, wanted] = /^([^!=]+)(!?)=(.*)$/.exec(field.dataset.showWhen!)!;
      const matches = wanted.split("|").includes(String(readField(first, path)));
      field.hidden = negated ? matches : !matches;
    }
  }

  /** Shows each error next to its field (or its closest enclosing field with a slot); clears the rest. */
  showErrors(errors: { field: string; message: string }[]): void {
    for (const slot of Array.from(this.form.querySelectorAll<HTMLElement>("[data-error-for]"))) slot.textContent = "";
    for (const element of Array.from(this.form.querySelectorAll("[aria-invalid]"))) element.removeAttribute("aria-invalid");
    for (const { field, message } of errors) {
      const slot = this.slotFor(field);
      slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
      const control = slot.closest(".field, details")?.querySelector("input, select, textarea");
      control?.setAttribute("aria-invalid", "true");
      if (slot.closest("details")) (slot.closest("details") as HTMLDetailsElement).open = true;
    }
  }

  /** The visible error slot of `field` or of its longest visible prefix; the JSON editor's as a last resort. */
  slotFor(field: string): HTMLElement {
    const parts = field.split(".");
    for (let n = parts.length; n > 0; n--) {
      const path = parts.slice(0, n).join(".");
      for (const candidate of [path, `${path}.kind`]) {
        const slot = this.form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(candidate)}"]`);
        if (slot && !slot.closest("[hidden]")) return slot;
      }
    }
    return this.form.querySelector<HTMLElement>('[data-error-for=""]')!;
  }
}

/** One edit of the control bound to `path` (its text `raw`) applied to one experiment config. */
function applyEdit(config: ConfigObject, path: string, raw: string, numeric: boolean): void {
  const model = object(config, "model");
  const learner = object(config, "learner");
  switch (path) {
    case "model.kind": {
      // Tensor PCA has its own model fields and its own learner: switching to or from it starts both
      // halves from their defaults, keeping d.
      if (raw === "tensor-pca") {
        config.model = { kind: raw, d: model.d ?? 16, order: 3, beta: 4 };
        config.learner = { kind: "tensor-pca", lr: 1 };
        break;
      }
      let target = model;
      if (model.kind === "tensor-pca") {
        target = config.model = { kind: raw, d: model.d ?? 64, latent: "rademacher", coupling: "independent" };
        config.learner = { kind: "neuron", activation: "relu", loss: LOSSES.neuron[0], lr: 1 };
      }
      target.kind = raw;
      // Switching kind switches terms off: drop the betas the new kind does not use, give the others a value.
      for (const beta of ["betaM", "betaU", "betaV"]) {
        if (!ACTIVE_BETAS[raw]?.includes(beta)) delete target[beta];
        else if (typeof target[beta] !== "number") target[beta] = DEFAULT_BETAS[beta];
      }
      break;
    }
    case "model.latent.kind":
      model.latent = raw === "skewed" ? { kind: "skewed", r: currentParameter(model.latent, "r", 0.7) } : raw;
      break;
    case "model.latent.r":
      model.latent = { kind: "skewed", r: parseNumber(raw) ?? 0.7 };
      break;
    case "model.coupling.kind":
      model.coupling = raw === "partial" ? { kind: "partial", p: currentParameter(model.coupling, "p", 0.5) } : raw;
      break;
    case "model.coupling.p":
      model.coupling = { kind: "partial", p: parseNumber(raw) ?? 0.5 };
      break;
    case "learner.kind": {
      // The two learners share only the activation; the rest starts from the new kind's defaults, with
      // the neuron's lr carried over as the network's first-layer rate and back.
      const activation = learner.activation ?? "relu";
      const rate = (raw === "network" ? learner.lr : learner.lrW) ?? 1;
      config.learner = raw === "network"
        ? { kind: raw, hidden: 8, activation, loss: LOSSES.network[0], lrW: rate, lrA: 1 }
        : { kind: raw, activation, loss: LOSSES.neuron[0], lr: rate };
      break;
    }
    case "learner.activation":
      // "custom" stands for an activation the select cannot show (Hermite coefficients); keep it.
      if (raw !== "custom") learner.activation = raw;
      break;
    default:
      setPath(config, path, numeric ? parseNumber(raw) : raw);
  }
}

/** The value a control shows for `path`, with the shorthand forms of latent and coupling unfolded. */
function readField(config: ConfigObject, path: string): Json | undefined {
const model = (config.model ?? {}) as ConfigObject;
  switch (path) {
    case "model.kind":
      return model.kind ?? "mcm";
    case "model.latent.kind":
      return kindOf(model.latent, "rademacher");
    case "model.coupling.kind":
      return kindOf(model.coupling, "independent");
    case "model.latent.r":
      return currentParameter(model.latent, "r", 0.7);
    case "model.coupling.p":
      return currentParameter(model.coupling, "p", 0.5);
    case "learner.kind":
      return getPath(config, path) ?? "neuron";
    default:
      return getPath(config, path);
  }
}

/** The select option (or input placeholder) of a field whose value differs between the runs. */
const VARIES = "differs between runs";

function writeVaries(control: HTMLInputElement | HTMLSelectElement): void {
  if (control instanceof HTMLSelectElement) {
    if (!Array.from(control.options).some((option) => option.value === VARIES)) control.add(new Option(`${VARIES} (see JSON)`, VARIES));
    control.value = VARIES;
    return;
  }
  control.dataset.placeholder ??= control.placeholder;
  control.value = "";
  control.placeholder = VARIES;
}

/** The runs of a multi-run config ({"runs": {name: config}}), or null for a plain experiment config. */
export function runsOf(config: ConfigObject): Record<string, ConfigObject> | null {
  const runs = config.runs;
  if (runs && typeof runs === "object" && !Array.isArray(runs) && Object.keys(runs).length > 0 && Object.values(runs).every((r) => r && typeof r === "object" && !Array.isArray(r))) {
    return runs as Record<string, ConfigObject>;
  }
  return null;
}

function writeControl(control: HTMLInputElement | HTMLSelectElement, value: Json | undefined): void {
  if (control instanceof HTMLSelectElement) {
    for (const option of Array.from(control.options)) if (option.value === VARIES) option.remove();
    // An absent field shows its default, which is the first option of every select.
    if (value === undefined || value === null) {
      control.selectedIndex = 0;
      return;
    }
    const text = typeof value === "string" ? value : "custom";
    if (!Array.from(control.options).some((option) => option.value === text)) {
      control.add(new Option(text === "custom" ? "custom (see JSON)" : text, text));
    }
    control.value = text;
    return;
  }
  if (control.dataset.placeholder !== undefined) control.placeholder = control.dataset.placeholder;
  control.value = value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** A number typed as text: empty means "use the default" (the field is removed); text that is not a
 * number is kept as text so that the validator reports it (with the field, the value and what is allowed). */
function parseNumber(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : trimmed;
}

function kindOf(value: Json | undefined, fallback: string): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && !Array.isArray(value) && typeof value.kind === "string") return value.kind;
  return fallback;
}

function currentParameter(value: Json | undefined, name: string, fallback: number): Json {
  if (value && typeof value === "object" && !Array.isArray(value) && value[name] !== undefined) return value[name];
  return fallback;
}

function object(parent: ConfigObject, key: string): ConfigObject {
  const value = parent[key];
  if (value && typeof value === "object" && !Array.isArray(value)) return value;
  return (parent[key] = {});
}

export function getPath(root: ConfigObject, path: string): Json | undefined {
  let node: Json | undefined = root;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Sets root[a][b]... = value, creating objects on the way; `undefined` removes the key. */
export function setPath(root: ConfigObject, path: string, value: Json | undefined): void {
  const keys = path.split(".");
  let node = root;
  for (const key of keys.slice(0, -1)) node = object(node, key);
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
}
