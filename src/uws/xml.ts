// XML documents of the UWS 1.1 REST binding (§2.2.1, schema UWS.xsd): job, job list, results and
// parameters, with elements in the schema's order, version="1.1", and xsi:nil only where the
// schema makes an element nillable (never on runId, which is simply left out when absent).
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { Job } from './job.ts';
import { formatTime } from './time.ts';

export const uwsNamespace = 'http://www.ivoa.net/xml/UWS/v1.0';
const xlinkNamespace = 'http://www.w3.org/1999/xlink';
const xsiNamespace = 'http://www.w3.org/2001/XMLSchema-instance';
const xmlnsNamespace = 'http://www.w3.org/2000/xmlns/';

export const xmlContentType = 'application/xml; charset=utf-8';

/** The URLs a document links to: the job's own URL (absolute, no trailing slash). */
export interface JobLinks {
  jobUrl: string;
}

/** A document's root element; version="1.1" is mandatory on job and jobs (§2.2.1.1). */
function root(name: 'job' | 'jobs' | 'results' | 'parameters', versioned: boolean): XMLBuilder {
  const element = create({ version: '1.0', encoding: 'UTF-8' }).ele(uwsNamespace, `uws:${name}`)
    .att(xmlnsNamespace, 'xmlns:xlink', xlinkNamespace)
    .att(xmlnsNamespace, 'xmlns:xsi', xsiNamespace);
  return versioned ? element.att('version', '1.1') : element;
}

function child(parent: XMLBuilder, name: string, text: string): XMLBuilder {
  return parent.ele(uwsNamespace, `uws:${name}`).txt(text).up();
}

/** A nillable element: its value, or xsi:nil="true" when there is none. */
function nillable(parent: XMLBuilder, name: string, text: string | undefined): XMLBuilder {
  if (text !== undefined) return child(parent, name, text);
  return parent.ele(uwsNamespace, `uws:${name}`).att(xsiNamespace, 'xsi:nil', 'true').up();
}

const optionalTime = (time: Date | undefined): string | undefined => time && formatTime(time);

function fillParameters(list: XMLBuilder, job: Job, links: JobLinks): void {
  for (const p of job.parameters) {
    const element = list.ele(uwsNamespace, 'uws:parameter').att('id', p.name);
    if (p.byReference === true) element.att('byReference', 'true').txt(`${links.jobUrl}/parameters/${encodeURIComponent(p.name)}`);
    else element.txt(p.value);
  }
}

function fillResults(list: XMLBuilder, job: Job, links: JobLinks): void {
  for (const r of job.results) {
    list.ele(uwsNamespace, 'uws:result')
      .att('id', r.id)
      .att(xlinkNamespace, 'xlink:type', 'simple')
      .att(xlinkNamespace, 'xlink:href', `${links.jobUrl}/results/${encodeURIComponent(r.id)}`)
      .att('size', String(r.size))
      .att('mime-type', r.mimeType);
  }
}

/** GET /{jobs}/{id}: the <uws:job> document. */
export function jobDocument(job: Job, links: JobLinks): string {
  const doc = root('job', true);
  child(doc, 'jobId', job.jobId);
  if (job.runId !== undefined) child(doc, 'runId', job.runId);
  nillable(doc, 'ownerId', job.ownerId);
  child(doc, 'phase', job.phase);
  nillable(doc, 'quote', optionalTime(job.quote));
  child(doc, 'creationTime', formatTime(job.creationTime));
  nillable(doc, 'startTime', optionalTime(job.startTime));
  nillable(doc, 'endTime', optionalTime(job.endTime));
  child(doc, 'executionDuration', String(job.executionDuration));
  nillable(doc, 'destruction', optionalTime(job.destruction));
  fillParameters(doc.ele(uwsNamespace, 'uws:parameters'), job, links);
  fillResults(doc.ele(uwsNamespace, 'uws:results'), job, links);
  if (job.errorSummary && job.phase === 'ERROR') {
    doc.ele(uwsNamespace, 'uws:errorSummary').att('type', job.errorSummary.type).att('hasDetail', 'true')
      .ele(uwsNamespace, 'uws:message').txt(job.errorSummary.message);
  }
  return doc.end({ prettyPrint: true });
}

/** GET /{jobs}: the <uws:jobs> list of short job descriptions. */
export function jobListDocument(jobs: readonly Job[], jobsUrl: string): string {
  const doc = root('jobs', true);
  for (const job of jobs) {
    const ref = doc.ele(uwsNamespace, 'uws:jobref').att('id', job.jobId)
      .att(xlinkNamespace, 'xlink:type', 'simple')
      .att(xlinkNamespace, 'xlink:href', `${jobsUrl}/${encodeURIComponent(job.jobId)}`);
    child(ref, 'phase', job.phase);
    if (job.runId !== undefined) child(ref, 'runId', job.runId);
    nillable(ref, 'ownerId', job.ownerId);
    child(ref, 'creationTime', formatTime(job.creationTime));
  }
  return doc.end({ prettyPrint: true });
}

/** GET /{jobs}/{id}/results. */
export function resultsDocument(job: Job, links: JobLinks): string {
  const doc = root('results', false);
  fillResults(doc, job, links);
  return doc.end({ prettyPrint: true });
}

/** GET /{jobs}/{id}/parameters. */
export function parametersDocument(job: Job, links: JobLinks): string {
  const doc = root('parameters', false);
  fillParameters(doc, job, links);
  return doc.end({ prettyPrint: true });
}
