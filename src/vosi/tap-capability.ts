// The TAP capability of this server (TAP 1.1 §2.4, TAPRegExt 1.0): ADQL 2.0/2.1 with the features
// and UDFs src/adql declares, the writers of src/formats, uploads and the configured limits.
import { FEATURE_TYPE, LANGUAGE_FEATURES } from '../adql/features.ts';
import { USER_DEFINED_FUNCTIONS, udfForm } from '../adql/functions.ts';
import type { TapLimits } from '../config.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../formats/registry.ts';
import type { Capability, QueryLanguage, TableAccess } from './capabilities.ts';

export const UPLOAD_METHOD = {
  inline: 'ivo://ivoa.net/std/TAPRegExt#upload-inline',
  http: 'ivo://ivoa.net/std/TAPRegExt#upload-http',
  https: 'ivo://ivoa.net/std/TAPRegExt#upload-https',
} as const;

/** ADQL as the engine implements it: one languageFeatures group per feature type, UDFs last. */
export function adqlLanguage(): QueryLanguage {
  const types = [...new Set(LANGUAGE_FEATURES.map((f) => f.type))];
  return {
    name: 'ADQL',
    versions: [{ version: '2.0', ivoId: 'ivo://ivoa.net/std/ADQL#v2.0' }, { version: '2.1', ivoId: 'ivo://ivoa.net/std/ADQL#v2.1' }],
    description: 'ADQL 2.1 (ADQL 2.0 queries are accepted as well), translated to PostgreSQL with pg_sphere',
    features: [
      ...types.map((type) => ({
        type,
        forms: LANGUAGE_FEATURES.filter((f) => f.type === type).map((f) => ({ form: f.form, description: f.description })),
      })),
      { type: FEATURE_TYPE.udf, forms: USER_DEFINED_FUNCTIONS.map((fn) => ({ form: udfForm(fn), description: fn.description })) },
    ],
  };
}

/** The data models the published tables follow (TAPRegExt §2.1): ivoa.obscore is ObsCore 1.1. */
export const OBSCORE_MODEL = { ivoId: 'ivo://ivoa.net/std/ObsCore#core-1.1', name: 'ObsCore-1.1' } as const;

export function tableAccess(limits: TapLimits, formats: readonly OutputFormat[] = OUTPUT_FORMATS): TableAccess {
  return {
    dataModels: [OBSCORE_MODEL],
    languages: [adqlLanguage()],
    // The first alias is the short name clients use (RESPONSEFORMAT=csv); MIME aliases are listed as <mime>.
    outputFormats: formats.map((f) => ({
      mime: f.mimeType,
      aliases: f.aliases.filter((a) => !a.includes('/')),
      ...(f.ivoId === undefined ? {} : { ivoId: f.ivoId }),
    })),
    // taplint requires inline and http together (E-CAP-MUPM); by-URL uploads are further limited
    // to the configured allow-list (TAP_UPLOAD_URL_ALLOW) and refused otherwise.
    uploadMethods: [UPLOAD_METHOD.inline, UPLOAD_METHOD.http, UPLOAD_METHOD.https],
    retentionPeriod: { default: limits.retentionDefaultSeconds, hard: limits.retentionHardSeconds },
    executionDuration: { default: limits.executionDefaultSeconds, hard: limits.executionHardSeconds },
    outputLimit: { default: limits.maxrecDefault, hard: limits.maxrecHard, unit: 'row' },
    uploadLimit: { hard: limits.uploadMaxBytes, unit: 'byte' },
  };
}

/** The tr:TableAccess capability of the TAP service at `tapUrl`. */
export function tapCapability(tapUrl: string, limits: TapLimits): Capability {
  return { kind: 'tap', url: tapUrl, access: tableAccess(limits) };
}
