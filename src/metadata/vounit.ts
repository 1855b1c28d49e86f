// VOUnit 1.0 check (§2: unit strings built from known units with SI prefixes, ".", "/",
// "**" powers and functions such as log()): catches typos before taplint's UUC stage does.

const SI_PREFIXES = ['da', 'y', 'z', 'a', 'f', 'p', 'n', 'u', 'm', 'c', 'd', 'h', 'k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const BINARY_PREFIXES = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
/** VOUnit 1.0 §2.4 known units that take SI prefixes. */
const PREFIXABLE = new Set(['m', 's', 'g', 'rad', 'sr', 'K', 'A', 'mol', 'cd', 'Hz', 'J', 'W', 'V', 'N', 'Pa', 'C',
  'Ohm', 'S', 'F', 'Wb', 'T', 'H', 'lm', 'lx', 'Bq', 'Gy', 'Sv', 'eV', 'erg', 'Jy', 'R', 'pc', 'yr', 'a', 'mag',
  'barn', 'bit', 'byte', 'D', 'G', 'arcsec', 'arcmin', 'deg', 'ct', 'count', 'photon', 'adu', 'pix', 'pixel',
  'Ry', 'u', 'AU', 'au', 'lyr', 'Ba', 'beam', 'bin', 'chan', 'Angstrom', 'angstrom', 'ph', 'voxel', 'mas']);
/** Known units that take no prefix. */
const PLAIN = new Set(['d', 'h', 'min', 'solMass', 'solRad', 'solLum', 'ta']);
const FUNCTIONS = new Set(['log', 'ln', 'exp', 'sqrt']);

function knownAtom(atom: string): boolean {
  if (PLAIN.has(atom) || PREFIXABLE.has(atom)) return true;
  for (const p of SI_PREFIXES) if (atom.startsWith(p) && PREFIXABLE.has(atom.slice(p.length))) return true;
  for (const p of BINARY_PREFIXES) {
    const rest = atom.slice(p.length);
    if (atom.startsWith(p) && (rest === 'bit' || rest === 'byte')) return true;
  }
  return false;
}

const POWER = /^(.*?)(\*\*(\(-?\d+(\/\d+)?\)|-?\d+(\.\d+)?))?$/;

function termProblem(term: string): string | undefined {
  const fn = /^([a-z]+)\((.+)\)$/.exec(term);
  if (fn) return FUNCTIONS.has(fn[1] ?? '') ? unitProblem(fn[2] ?? '') : `unknown function "${fn[1]}"`;
  const base = POWER.exec(term)?.[1] ?? term;
  if (/^10(\*\*-?\d+)?$/.test(term)) return undefined;
  return knownAtom(base) ? undefined : `"${base}" is not a VOUnit`;
}

/** Why the unit string is not VOUnit, or undefined when it is. */
export function unitProblem(unit: string): string | undefined {
  if (unit.trim() !== unit || unit === '') return 'empty or padded unit';
  // Split on "." and "/" outside parentheses.
  let depth = 0;
  let start = 0;
  const terms: string[] = [];
  for (let i = 0; i < unit.length; i++) {
    const ch = unit[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && (ch === '.' || ch === '/') && !(ch === '.' && /\d/.test(unit[i + 1] ?? '') && /\*\*\d*$/.test(unit.slice(start, i)))) {
      terms.push(unit.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(unit.slice(start));
  for (const term of terms) {
    const problem = term === '' ? `malformed unit "${unit}"` : termProblem(term);
    if (problem) return problem;
  }
  return undefined;
}
