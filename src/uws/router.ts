// The UWS 1.1 REST binding (§2.2) as a Koa router for one job list: create, list (PHASE, AFTER,
// LAST), job document with blocking WAIT, phase/executionduration/destruction/quote/owner/error,
// parameters and results. Handlers only parse HTTP input and call UwsService; every state change
// answers 303 with an absolute Location that respects proxy headers.
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import type { UwsService, Requester } from './service.ts';
import type { Job } from './job.ts';
import { UwsError, usageError } from './errors.ts';
import { canonicalName, type NamedValue } from './parameters.ts';
import { parsePhase, type Phase } from './phase.ts';
import { formatTime, parseTime } from './time.ts';
import { defaultBodyLimits, queryValues, readFormBody, type BodyLimits, type RequestForm } from '../http/request-body.ts';
import { publicBaseUrl } from '../http/public-url.ts';
import { jobDocument, jobListDocument, parametersDocument, resultsDocument, xmlContentType } from './xml.ts';

export interface UwsRouterOptions {
  service: UwsService;
  /** The job list's path, e.g. '/tap/async' (no trailing slash). */
  prefix: string;
  /** Configured public base URL (PUBLIC_URL), used when no proxy header names the host. */
  publicUrl?: string | undefined;
  bodyLimits?: BodyLimits;
  /** Renders errors of the UWS machinery; by default text/plain with the error's status. */
  renderError?: (ctx: ParameterizedContext, error: UwsError) => void;
}

type Context = ParameterizedContext;

/** How many jobs the job list a DELETE redirects to shows (LAST=n). */
export const AFTER_DELETE_LAST = 10;

/** The authenticated user set by an auth middleware (ctx.state.user), else anonymous. */
export function requesterOf(ctx: Context): Requester {
  const user: unknown = (ctx.state as Record<string, unknown>).user;
  if (typeof user === 'string' && user !== '') return user;
  if (typeof user === 'object' && user !== null) {
    for (const key of ['id', 'name'] as const) {
      const value: unknown = (user as Record<string, unknown>)[key];
      if (typeof value === 'string' && value !== '') return value;
    }
  }
  return undefined;
}

/** Last value of a case-insensitively named parameter. */
function valueOf(values: readonly NamedValue[], name: string): string | undefined {
  let found: string | undefined;
  for (const v of values) if (canonicalName(v.name) === canonicalName(name)) found = v.value;
  return found;
}

function allValuesOf(values: readonly NamedValue[], name: string): string[] {
  return values.filter((v) => canonicalName(v.name) === canonicalName(name)).map((v) => v.value);
}

function defaultRenderError(ctx: Context, error: UwsError): void {
  ctx.status = error.status;
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = `${error.message}\n`;
}

function sendText(ctx: Context, text: string): void {
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = text;
}

function sendXml(ctx: Context, xml: string): void {
  ctx.type = xmlContentType;
  ctx.body = xml;
}

export function uwsRouter(options: UwsRouterOptions): Router {
  const { service, prefix } = options;
  const limits = options.bodyLimits ?? defaultBodyLimits;
  const renderError = options.renderError ?? defaultRenderError;
  const incomingDir = service.incomingDirectory();
  const router = new Router({ prefix });

  const jobsUrl = (ctx: Context): string => `${publicBaseUrl({ headers: ctx.headers, protocol: ctx.protocol }, options.publicUrl)}${prefix}`;
  const jobUrl = (ctx: Context, jobId: string): string => `${jobsUrl(ctx)}/${encodeURIComponent(jobId)}`;
  const seeOther = (ctx: Context, location: string): void => {
    ctx.status = 303;
    ctx.set('Location', location);
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = `See ${location}\n`;
  };
  const toJob = (ctx: Context, job: Job): void => seeOther(ctx, jobUrl(ctx, job.jobId));

  /** Query-string and body parameters; file parts are kept only where files are accepted. */
  const readParameters = async (ctx: Context, acceptFiles: boolean): Promise<RequestForm> => {
    const body = ctx.method === 'POST' ? await readFormBody(ctx.req, incomingDir, limits) : { values: [], files: [] };
    if (!acceptFiles) await Promise.all(body.files.map((f) => rm(f.path, { force: true })));
    return { values: [...queryValues(ctx.querystring), ...body.values], files: acceptFiles ? body.files : [] };
  };

  /** Any machinery error becomes its status and message; files left in .incoming are removed. */
  router.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof UwsError)) throw error;
      renderError(ctx, error);
    }
  });

  // §2.2.2.1 job list, filtered by PHASE (repeatable, OR), AFTER and LAST (AND-combined).
  router.get('/', async (ctx) => {
    const query = queryValues(ctx.querystring);
    const phases = allValuesOf(query, 'PHASE').map((text) => {
      const phase = parsePhase(text);
      if (!phase) throw usageError(`Unknown PHASE "${text}"`);
      return phase;
    });
    const afterText = valueOf(query, 'AFTER');
    const lastText = valueOf(query, 'LAST');
    if (lastText !== undefined && !/^\d+$/.test(lastText.trim())) throw usageError(`LAST must be a non-negative integer, got "${lastText}"`);
    const jobs = await service.list(requesterOf(ctx), {
      phases,
      after: afterText === undefined ? undefined : parseTime(afterText, 'AFTER'),
      last: lastText === undefined ? undefined : Number(lastText),
    });
    sendXml(ctx, jobListDocument(jobs, jobsUrl(ctx)));
  });

  // §2.2.3.1 create (PHASE=RUN at creation runs it), always answered 303 to the job (DALI §2.1).
  router.post('/', async (ctx) => {
    const form = await readParameters(ctx, true);
    try {
      toJob(ctx, await service.create(requesterOf(ctx), form));
    } finally {
      await Promise.all(form.files.map((f) => rm(f.path, { force: true })));
    }
  });

  // §2.2.1.2 the job, with blocking WAIT=n (-1: the configured cap) and the PHASE qualifier.
  router.get('/:jobId', async (ctx) => {
    const query = queryValues(ctx.querystring);
    const waitText = valueOf(query, 'WAIT');
    let job: Job;
    if (waitText === undefined) {
      job = await service.get(requesterOf(ctx), ctx.params.jobId ?? '');
    } else {
      if (!/^-?\d+$/.test(waitText.trim())) throw usageError(`WAIT must be an integer number of seconds, got "${waitText}"`);
      const phaseText = valueOf(query, 'PHASE');
      const phase: Phase | undefined = phaseText === undefined ? undefined : parsePhase(phaseText);
      if (phaseText !== undefined && phase === undefined) throw usageError(`Unknown PHASE "${phaseText}"`);
      const gone = new AbortController();
      const onClose = (): void => gone.abort();
      ctx.res.once('close', onClose);
      try {
        job = await service.wait(requesterOf(ctx), ctx.params.jobId ?? '', Number(waitText), phase, gone.signal);
      } finally {
        ctx.res.off('close', onClose);
      }
    }
    sendXml(ctx, jobDocument(job, { jobUrl: jobUrl(ctx, job.jobId) }));
  });

  // §2.2.3.2 delete, by HTTP DELETE or POST ACTION=DELETE; 303 to the job list, limited to the
  // most recent jobs: clients follow this redirect and download its target (pyvo's delete does),
  // so it must stay light however many jobs the list holds (anchors §2 A4, pyvo#535).
  const afterDelete = (ctx: Context): void => seeOther(ctx, `${jobsUrl(ctx)}?LAST=${AFTER_DELETE_LAST}`);
  router.delete('/:jobId', async (ctx) => {
    await service.delete(requesterOf(ctx), ctx.params.jobId ?? '');
    afterDelete(ctx);
  });
  router.post('/:jobId', async (ctx) => {
    const action = valueOf((await readParameters(ctx, false)).values, 'ACTION');
    if (action?.trim().toUpperCase() !== 'DELETE') {
      throw usageError('POST to a job accepts only ACTION=DELETE; parameters are posted to {job}/parameters');
    }
    await service.delete(requesterOf(ctx), ctx.params.jobId ?? '');
    afterDelete(ctx);
  });

  // §2.2.3.1/§2.2.3.4 phase: GET as text/plain, POST PHASE=RUN or PHASE=ABORT.
  router.get('/:jobId/phase', async (ctx) => {
    sendText(ctx, (await service.get(requesterOf(ctx), ctx.params.jobId ?? '')).phase);
  });
  router.post('/:jobId/phase', async (ctx) => {
    const requested = valueOf((await readParameters(ctx, false)).values, 'PHASE')?.trim().toUpperCase();
    const jobId = ctx.params.jobId ?? '';
    if (requested === 'RUN') toJob(ctx, await service.run(requesterOf(ctx), jobId));
    else if (requested === 'ABORT') toJob(ctx, await service.abort(requesterOf(ctx), jobId));
    else throw usageError(`PHASE must be RUN or ABORT, got "${requested ?? ''}"`);
  });

  // §2.2.3.5 execution duration (seconds, 0 = unlimited) and §2.2.3.3 destruction time.
  router.get('/:jobId/executionduration', async (ctx) => {
    sendText(ctx, String((await service.get(requesterOf(ctx), ctx.params.jobId ?? '')).executionDuration));
  });
  router.post('/:jobId/executionduration', async (ctx) => {
    const value = valueOf((await readParameters(ctx, false)).values, 'EXECUTIONDURATION');
    if (value === undefined) throw usageError('EXECUTIONDURATION is required');
    toJob(ctx, await service.setExecutionDuration(requesterOf(ctx), ctx.params.jobId ?? '', value));
  });
  router.get('/:jobId/destruction', async (ctx) => {
    const { destruction } = await service.get(requesterOf(ctx), ctx.params.jobId ?? '');
    sendText(ctx, destruction ? formatTime(destruction) : '');
  });
  router.post('/:jobId/destruction', async (ctx) => {
    const value = valueOf((await readParameters(ctx, false)).values, 'DESTRUCTION');
    if (value === undefined) throw usageError('DESTRUCTION is required');
    toJob(ctx, await service.setDestruction(requesterOf(ctx), ctx.params.jobId ?? '', value));
  });

  router.get('/:jobId/quote', async (ctx) => {
    const { quote } = await service.get(requesterOf(ctx), ctx.params.jobId ?? '');
    sendText(ctx, quote ? formatTime(quote) : '');
  });
  router.get('/:jobId/owner', async (ctx) => {
    sendText(ctx, (await service.get(requesterOf(ctx), ctx.params.jobId ?? '')).ownerId ?? '');
  });

  // DALI 1.1 §4.2: the error document with HTTP 200, 404 when the job did not fail.
  router.get('/:jobId/error', async (ctx) => {
    const document = service.errorDocument(await service.get(requesterOf(ctx), ctx.params.jobId ?? ''));
    ctx.type = document.contentType;
    ctx.body = document.body;
  });

  // §2.2.3.1.1 parameters: the list, additions while PENDING, and inline uploads by reference.
  router.get('/:jobId/parameters', async (ctx) => {
    const job = await service.get(requesterOf(ctx), ctx.params.jobId ?? '');
    sendXml(ctx, parametersDocument(job, { jobUrl: jobUrl(ctx, job.jobId) }));
  });
  router.post('/:jobId/parameters', async (ctx) => {
    const form = await readParameters(ctx, true);
    try {
      toJob(ctx, await service.addParameters(requesterOf(ctx), ctx.params.jobId ?? '', form));
    } finally {
      await Promise.all(form.files.map((f) => rm(f.path, { force: true })));
    }
  });
  router.get('/:jobId/parameters/:name', async (ctx) => {
    const file = await service.parameterFile(requesterOf(ctx), ctx.params.jobId ?? '', ctx.params.name ?? '');
    ctx.type = 'application/octet-stream';
    ctx.body = createReadStream(file);
  });

  // §2.2.2.3 results: the list and each result file.
  router.get('/:jobId/results', async (ctx) => {
    const job = await service.get(requesterOf(ctx), ctx.params.jobId ?? '');
    sendXml(ctx, resultsDocument(job, { jobUrl: jobUrl(ctx, job.jobId) }));
  });
  router.get('/:jobId/results/:resultId', async (ctx) => {
    const result = await service.resultFile(requesterOf(ctx), ctx.params.jobId ?? '', ctx.params.resultId ?? '');
    ctx.type = result.mimeType;
    ctx.length = result.size;
    ctx.body = createReadStream(result.path);
  });

  return router;
}
