// The public surface of src/uws (UWS 1.1): what the TAP and SODA layers import to run async jobs.
export { UwsService, restartMessage, type UwsOptions, type Requester, type ParameterInput, type UploadedFile } from './service.ts';
export { uwsRouter, requesterOf, type UwsRouterOptions } from './router.ts';
export { JobFailure, type Job, type JobKind, type JobCheck, type JobParameter, type JobResult, type ErrorSummary,
  type ErrorDocument, type ExecutionContext, type ValidationContext, type ProducedResult } from './job.ts';
export { phases, isActive, parsePhase, type Phase } from './phase.ts';
export { parameterValue, parameterValues, canonicalName, type NamedValue } from './parameters.ts';
export { readFormBody, queryValues, hasFormBody, defaultBodyLimits, type BodyLimits, type FormFile, type RequestForm } from '../http/request-body.ts';
export { publicBaseUrl } from '../http/public-url.ts';
export { UwsError, usageError, forbidden, notFound, tooLarge } from './errors.ts';
export { formatTime, parseTime } from './time.ts';
export { inlineUploadFile, jobDirectory } from './files.ts';
