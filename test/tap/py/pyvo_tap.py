# pyvo (Debian python3-pyvo) against our TAP service: sync, async with wait, an upload join and
# reading the table metadata, as an astronomer's script would. Prints one "ok <step>" per step.
import sys
import tempfile

import pyvo
from astropy.table import Table

url = sys.argv[1]
svc = pyvo.dal.TAPService(url + '/tap')

r = svc.run_sync("SELECT TOP 5 object_id, ra, dec FROM pdr3_wide.forced")
assert len(r) == 5, len(r)
print('ok sync')

job = svc.submit_job("SELECT TOP 7 object_id, i_cmodel_mag FROM pdr3_wide.forced ORDER BY object_id")
job.run()
job.wait(phases=['COMPLETED', 'ERROR', 'ABORTED'], timeout=60)
assert job.phase == 'COMPLETED', job.phase
t = job.fetch_result().to_table()
assert len(t) == 7, len(t)
assert list(t['object_id']) == sorted(t['object_id'])
job.delete()
print('ok async')

names = [tab.name for tab in svc.tables]
assert 'pdr3_wide.forced' in names, names
cols = [c.name for c in svc.tables['pdr3_wide.forced'].columns]
assert 'i_cmodel_mag' in cols
print('ok tables')

if len(sys.argv) > 2 and sys.argv[2] == 'upload':
    first = svc.run_sync("SELECT TOP 3 object_id, ra, dec FROM pdr3_wide.forced ORDER BY object_id").to_table()
    mine = Table({'id': [1, 2, 3], 'ra': first['ra'], 'dec': first['dec']})
    res = svc.run_sync(
        "SELECT u.id, f.object_id FROM TAP_UPLOAD.mine AS u JOIN pdr3_wide.forced AS f "
        "ON 1 = CONTAINS(POINT('ICRS', f.ra, f.dec), CIRCLE('ICRS', u.ra, u.dec, 0.5/3600.)) ORDER BY u.id",
        uploads={'mine': mine}).to_table()
    assert list(res['object_id'])[:3] == list(first['object_id']), (res, first)
    print('ok upload')
