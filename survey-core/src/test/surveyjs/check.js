'use strict';
/*
 * CivicSurvey <-> SurveyJS checker.
 *
 *   node check.js <input-dir> <output-dir> [--seed <n>]
 *
 * Loads every *.json survey in <input-dir> (sorted by name) with the real SurveyJS model
 * (npm package survey-core) and writes <output-dir>/<name>.check.json with
 *   - the SurveyJS version and whether the CivicSurvey custom property was registered,
 *   - survey.jsonErrors (load warnings: unknown properties, unknown question types, ...),
 *   - the pages, panels and questions as SurveyJS parsed them (type, isRequired, visibleIf, the
 *     values offered, the title rendered in each locale the survey uses),
 *   - the survey as SurveyJS saves it again (survey.toJSON(), what Survey Creator stores),
 *   - several results produced by SurveyJS's own model: answers set programmatically on the
 *     questions that are visible at that moment (in page order, repeated until nothing changes),
 *     then the visibility of every question, survey.validate() and survey.doComplete() (which
 *     clears values of hidden questions), then survey.data.
 *
 * Files named *.plain.json are loaded before the custom property is registered (they must load
 * without warnings on a stock SurveyJS); all other files after it is registered
 * (civicsurvey-properties.js).
 *
 * The Java test (SurveyJsNodeCheckTest) writes the inputs, runs this script and asserts on the
 * outputs. The script fails (exit 1) only when it cannot run (bad arguments, unreadable JSON).
 */
const fs = require('fs');
const path = require('path');
const survey = require('survey-core');
const { Model, Serializer } = survey;
const properties = require('./civicsurvey-properties');

function usage(message) {
  process.stderr.write(`${message}\nusage: node check.js <input-dir> <output-dir> [--seed <n>]\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = argv.slice(2);
  let seed = 20261127;
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--seed') {
      const value = Number(args[++i]);
      if (!Number.isInteger(value)) usage(`--seed needs an integer, got ${args[i]}`);
      seed = value;
    } else {
      positional.push(args[i]);
    }
  }
  if (positional.length !== 2) usage(`expected 2 directories, got ${positional.length}`);
  return { inputDir: positional[0], outputDir: positional[1], seed };
}

/* mulberry32: small deterministic PRNG so that results are reproducible. */
function random(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function describeError(error) {
  return {
    type: error.type,
    message: error.message,
    propertyName: error.propertyName === undefined ? null : error.propertyName,
    className: error.className === undefined ? null : error.className,
    element: error.element && error.element.name ? error.element.name : null,
  };
}

function titlesByLocale(model, element, locales) {
  const titles = {};
  const saved = model.locale;
  for (const locale of locales) {
    model.locale = locale;
    titles[locale] = element.locTitle ? element.locTitle.renderedHtml : element.title;
  }
  model.locale = saved;
  return titles;
}

function itemValues(items) {
  return items.map((item) => item.value);
}

function describeElement(model, element, locales) {
  const type = element.getType();
  const out = { name: element.name, type, titles: titlesByLocale(model, element, locales) };
  if (element.isPanel) {
    out.visibleIf = element.visibleIf || null;
    out.elements = element.elements.map((child) => describeElement(model, child, locales));
    return out;
  }
  out.isRequired = !!element.isRequired;
  out.visibleIf = element.visibleIf || null;
  switch (type) {
    case 'rating':
      out.values = itemValues(element.visibleRateValues);
      out.texts = element.visibleRateValues.map((item) => titlesByLocale(model, item, locales));
      break;
    case 'radiogroup':
    case 'dropdown':
    case 'checkbox':
      out.values = itemValues(element.visibleChoices);
      out.showOtherItem = !!element.showOtherItem;
      out.showNoneItem = !!element.showNoneItem;
      out.showDontKnowItem = !!element.showDontKnowItem;
      out.showRefuseItem = !!element.showRefuseItem;
      break;
    case 'matrix':
      out.rows = itemValues(element.visibleRows.map((row) => row.item));
      out.columns = itemValues(element.visibleColumns);
      break;
    case 'text':
      out.inputType = element.inputType;
      out.min = element.min === undefined || element.min === '' ? null : element.min;
      out.max = element.max === undefined || element.max === '' ? null : element.max;
      out.maxLength = element.maxLength;
      break;
    case 'comment':
      out.maxLength = element.maxLength;
      break;
    case 'boolean':
      break;
    default:
      out.unsupported = true;
  }
  return out;
}

function textAnswer(question, rnd) {
  const sample = 'Ý kiến của người dân — “nhanh”, rõ ràng ✓ ';
  let text = sample.repeat(1 + Math.floor(rnd() * 3)).trim();
  const max = question.getMaxLength ? question.getMaxLength() : question.maxLength;
  if (max > 0 && text.length > max) text = text.substring(0, max).trim();
  return text.length === 0 ? 'x' : text;
}

function pick(items, strategy, rnd) {
  if (items.length === 0) return undefined;
  if (strategy === 'first') return items[0];
  if (strategy === 'last') return items[items.length - 1];
  return items[Math.floor(rnd() * items.length)];
}

function numberAnswer(question, strategy, rnd) {
  const min = question.min === undefined || question.min === '' ? 0 : Number(question.min);
  const max = question.max === undefined || question.max === '' ? min + 100 : Number(question.max);
  if (strategy === 'first') return min;
  if (strategy === 'last') return max;
  return min + Math.floor(rnd() * (Math.floor(max - min) + 1));
}

/* Sets an answer on one visible question; returns true when a value was set. */
function answer(question, strategy, rnd) {
  switch (question.getType()) {
    case 'rating': {
      const item = pick(question.visibleRateValues, strategy, rnd);
      if (item === undefined) return false;
      question.value = item.value;
      return true;
    }
    case 'radiogroup':
    case 'dropdown': {
      const item = pick(question.visibleChoices, strategy, rnd);
      if (item === undefined) return false;
      question.value = item.value;
      if (question.showOtherItem && item.value === question.otherItem.value) {
        question.comment = textAnswer(question, rnd);
      }
      return true;
    }
    case 'checkbox': {
      const items = question.visibleChoices;
      if (items.length === 0) return false;
      const exclusive = (item) => item.value === 'none' || item.value === 'dontknow' || item.value === 'refused';
      let chosen;
      if (strategy === 'first') chosen = [items[0]];
      else if (strategy === 'last') chosen = [items[items.length - 1]];
      else {
        chosen = items.filter(() => rnd() < 0.5);
        if (chosen.length === 0) chosen = [pick(items, strategy, rnd)];
      }
      const special = chosen.find(exclusive);
      if (special) chosen = [special];
      question.value = chosen.map((item) => item.value);
      if (question.showOtherItem && chosen.some((item) => item.value === question.otherItem.value)) {
        question.comment = textAnswer(question, rnd);
      }
      return true;
    }
    case 'matrix': {
      const columns = question.visibleColumns;
      if (columns.length === 0) return false;
      const value = {};
      for (const row of question.visibleRows) {
        value[row.name] = pick(columns, strategy, rnd).value;
      }
      question.value = value;
      return true;
    }
    case 'text':
      question.value = question.inputType === 'number' ? numberAnswer(question, strategy, rnd) : textAnswer(question, rnd);
      return true;
    case 'comment':
      question.value = textAnswer(question, rnd);
      return true;
    case 'boolean':
      question.booleanValue = strategy === 'first' ? false : strategy === 'last' ? true : rnd() < 0.5;
      return true;
    default:
      return false;
  }
}

const RANDOM_SCENARIOS = 12;
const SCENARIOS = [
  { name: 'first', strategy: 'first', requiredOnly: false },
  { name: 'last', strategy: 'last', requiredOnly: false },
  ...Array.from({ length: RANDOM_SCENARIOS }, (_, i) => ({ name: `random-${i + 1}`, strategy: 'random', requiredOnly: false })),
  { name: 'required-only', strategy: 'random', requiredOnly: true },
];

function runScenario(model, scenario, seed) {
  const rnd = random(seed);
  model.clear(true, true);
  const answered = new Set();
  for (let pass = 0; pass < 5; pass++) {
    let changed = false;
    for (const page of model.pages) {
      if (!page.isVisible) continue;
      for (const question of page.questions) {
        if (answered.has(question.name) || !question.isVisible) continue;
        if (scenario.requiredOnly && !question.isRequired) continue;
        if (answer(question, scenario.strategy, rnd)) {
          answered.add(question.name);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  const visible = {};
  for (const question of model.getAllQuestions()) visible[question.name] = question.isVisible;
  const valid = model.validate(true, false);
  const errors = [];
  for (const question of model.getAllQuestions()) {
    for (const error of question.errors) errors.push({ question: question.name, text: error.text });
  }
  model.doComplete();
  return { scenario: scenario.name, valid, errors, visible, data: JSON.parse(JSON.stringify(model.data)) };
}

function checkFile(file, registered, seed) {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const model = new Model(json);
  const locales = model.getUsedLocales();
  if (!locales.includes('')) locales.unshift('');
  const report = {
    file: path.basename(file),
    surveyjsVersion: survey.Version,
    registeredProperties: registered,
    jsonErrors: (model.jsonErrors || []).map(describeError),
    locale: model.locale,
    locales,
    pages: model.pages.map((page) => ({
      name: page.name,
      titles: titlesByLocale(model, page, locales),
      visibleIf: page.visibleIf || null,
      elements: page.elements.map((element) => describeElement(model, element, locales)),
    })),
    results: [],
    saved: model.toJSON(),
  };
  const runner = new Model(json);
  SCENARIOS.forEach((scenario, index) => {
    report.results.push(runScenario(runner, scenario, seed + hash(report.file) + index));
  });
  return report;
}

function main() {
  const { inputDir, outputDir, seed } = parseArgs(process.argv);
  if (!fs.existsSync(inputDir)) usage(`input directory not found: ${inputDir}`);
  fs.mkdirSync(outputDir, { recursive: true });
  const files = fs.readdirSync(inputDir).filter((name) => name.endsWith('.json')).sort();
  const plain = files.filter((name) => name.endsWith('.plain.json'));
  const rich = files.filter((name) => !name.endsWith('.plain.json'));
  let clean = 0;
  let warned = 0;
  const write = (name, report) => {
    const out = path.join(outputDir, name.replace(/\.json$/, '.check.json'));
    fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
    if (report.jsonErrors.length === 0) clean++;
    else {
      warned++;
      process.stderr.write(`${name}: ${report.jsonErrors.length} SurveyJS load warning(s): `
        + report.jsonErrors.map((e) => e.message).join(' | ') + '\n');
    }
  };
  for (const name of plain) write(name, checkFile(path.join(inputDir, name), false, seed));
  properties.register(Serializer);
  for (const name of rich) write(name, checkFile(path.join(inputDir, name), true, seed));
  process.stdout.write(`surveyjs-check (survey-core ${survey.Version}): ${files.length} file(s), `
    + `${clean} loaded without warnings, ${warned} with warnings\n`);
}

main();
