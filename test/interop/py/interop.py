# The interop cases of anchors.md §2 as the real clients see them: pyvo 1.2.1 (Debian's) and
# astropy. One check per call (python3 interop.py <check> <args...>); prints one JSON object.
import io
import json
import math
import os
import sys
import tempfile
import warnings
from contextlib import redirect_stdout

import numpy
import pyvo
from astropy.io import votable
from astropy.table import Table


def plain(v):
    """A cell as JSON: masked -> None, arrays -> lists, NaN -> 'NaN'."""
    if v is numpy.ma.masked:
        return None
    if isinstance(v, numpy.ma.MaskedArray):
        return [plain(x) for x in v.filled(numpy.nan).tolist()] if not v.mask.all() else None
    if hasattr(v, 'tolist'):
        v = v.tolist()
    if isinstance(v, bytes):
        v = v.decode('utf-8')
    if isinstance(v, float) and math.isnan(v):
        return 'NaN'
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    return v


def job_query(tap):
    """A1: pyvo 1.2.1's job.query looks for <uws:parameter id="query"> exactly."""
    svc = pyvo.dal.TAPService(tap)
    job = svc.submit_job('SELECT TOP 1 object_id FROM pdr3_wide.forced')
    first = job.query
    job.query = 'SELECT TOP 2 object_id FROM pdr3_wide.forced'
    second = job.query
    ids = [p.id_ for p in job.job.parameters]
    job.delete()
    return {'first': first, 'second': second, 'ids': ids}


def wait_phases(tap):
    """A5/A6: run + wait on a good and a bad job; pyvo raises if it ever sees PENDING after run."""
    svc = pyvo.dal.TAPService(tap)
    out = {}
    for name, query in [('good', 'SELECT TOP 3 object_id FROM pdr3_wide.forced'),
                        ('bad', 'SELECT i_cmodel_mg FROM pdr3_wide.forced')]:
        job = svc.submit_job(query)
        job.run()
        try:
            job.wait(phases=['COMPLETED', 'ERROR', 'ABORTED'], timeout=30)
            phase = job.phase
            doc = job.job
            # pyvo 1.2.1 parses errorSummary as plain: the text lands on the job's message.
            message = None if doc.errorsummary is None else (getattr(doc.errorsummary.message, 'content', None) or doc.message)
            out[name] = {'phase': phase, 'message': message}
            if phase == 'COMPLETED':
                out[name]['rows'] = len(job.fetch_result().to_table())
        except Exception as e:  # what a user would see
            out[name] = {'raised': type(e).__name__ + ': ' + str(e)}
        job.delete()
    return out


def delete_job(tap):
    """A4: pyvo's delete posts ACTION=DELETE and follows the 303 (it downloads the target)."""
    svc = pyvo.dal.TAPService(tap)
    job = svc.submit_job('SELECT TOP 1 object_id FROM pdr3_wide.forced')
    url = job.url
    job.delete()
    return {'deleted': url}


def status(*paths):
    """B8/B9: what pyvo and astropy make of result documents."""
    return [status_of(p) for p in paths]


def status_of(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        parsed = votable.parse(path)
        results = pyvo.dal.TAPResults(parsed)
        table = results.to_table()
    infos = [(i.name, i.value) for r in parsed.resources for i in r.infos]
    return {'status': results.query_status, 'rows': len(table), 'infos': infos,
            'warnings': [str(w.message) for w in caught][:20]}


def table(*paths):
    """B11-B13: columns and cells as astropy reads them, and whether the tables can be written on."""
    return [table_of(p) for p in paths]


def table_of(path):
    parsed = votable.parse(path)
    vt = parsed.get_first_table()
    t = vt.to_table(use_names_over_ids=True)
    written = {}
    for fmt, ext in [('fits', 'fits'), ('ascii.ecsv', 'ecsv'), ('votable', 'vot')]:
        with tempfile.TemporaryDirectory() as d:
            try:
                t.write(os.path.join(d, 'out.' + ext), format=fmt)
                written[fmt] = 'ok'
            except Exception as e:
                written[fmt] = type(e).__name__ + ': ' + str(e)
    return {
        'names': t.colnames,
        'ids': [f.ID for f in vt.fields],
        'fieldNames': [f.name for f in vt.fields],
        'xtypes': [f.xtype for f in vt.fields],
        'dtypes': [str(t[c].dtype) for c in t.colnames],
        'rows': [[plain(t[c][i]) for c in t.colnames] for i in range(len(t))],
        'written': written,
    }


def examples(tap):
    """C16: pyvo reads /examples and describe() reads /capabilities without crashing."""
    svc = pyvo.dal.TAPService(tap)
    queries = [str(e['QUERY']) for e in svc.examples]
    buf = io.StringIO()
    with redirect_stdout(buf):
        svc.describe()
    return {'queries': queries, 'described': len(buf.getvalue()) > 0,
            'formats': [f.mime for f in svc.capabilities[0].outputformats] if hasattr(svc.capabilities[0], 'outputformats') else []}


def tables(tap):
    """C14: pyvo's table browser (GET /tables) and the datatypes it parses."""
    svc = pyvo.dal.TAPService(tap)
    forced = svc.tables['pdr3_wide.forced']
    return {'tables': [t.name for t in svc.tables],
            'columns': [[c.name, str(c.datatype.content), type(c.datatype).__name__] for c in forced.columns]}


CHECKS = {'job-query': job_query, 'wait-phases': wait_phases, 'delete-job': delete_job, 'status': status,
          'table': table, 'examples': examples, 'tables': tables}

if __name__ == '__main__':
    print(json.dumps(CHECKS[sys.argv[1]](*sys.argv[2:])))
