// The service descriptors the image services publish (DataLink 1.1 §4, SODA 1.0 §4, SIA 2.0 §3):
// SODA sync with its input parameters (ranges per image when known), DataLink {links} bound to
// obs_publisher_did, and the SIA self-description listing every query parameter.
import { HSC_FILTERS } from './bands.ts';
import { PLANES } from './planes.ts';
import { MAX_RADIUS } from './region.ts';
import type { InputParam, ServiceDescriptor } from './votable.ts';

export const STANDARD = {
  soda: 'ivo://ivoa.net/std/SODA#sync-1.0',
  datalink: 'ivo://ivoa.net/std/DataLink#links-1.1',
  sia: 'ivo://ivoa.net/std/SIA#query-2.0',
} as const;

export const SODA_PATH = '/soda/sync';
export const SIA_PATH = '/sia/query';

/** What a per-image descriptor states about the image (SODA §4.2 VALUES). */
export interface ImageExtent {
  /** Bounding circle "ra dec r" and footprint polygon "ra1 dec1 ...", degrees. */
  circle: string;
  polygon: string;
  emMin: number;
  emMax: number;
  width: number;
  height: number;
}

const ID_PARAM: Omit<InputParam, 'ref' | 'value'> = {
  name: 'ID', datatype: 'char', ucd: 'meta.ref.url;meta.curation', description: 'Publisher DID of the image (obs_publisher_did)',
};

/** The SODA parameters; `idRef` is the FIELD the ID comes from. */
export function sodaInputParams(idRef: string, extent?: ImageExtent): InputParam[] {
  const pos = 'pos.outline;obs';
  return [
    { ...ID_PARAM, value: '', ref: idRef },
    {
      name: 'CIRCLE', datatype: 'double', arraysize: '3', xtype: 'circle', unit: 'deg', ucd: pos, value: '',
      description: 'Cutout region: ra dec radius (ICRS, degrees)', ...(extent ? { max: extent.circle } : {}),
    },
    {
      name: 'POLYGON', datatype: 'double', arraysize: '*', xtype: 'polygon', unit: 'deg', ucd: pos, value: '',
      description: 'Cutout region: ra1 dec1 ra2 dec2 ra3 dec3 ... (ICRS, degrees)', ...(extent ? { max: extent.polygon } : {}),
    },
    { name: 'POS', datatype: 'char', ucd: pos, value: '', description: 'Cutout region: CIRCLE ra dec r, RANGE ra1 ra2 dec1 dec2 or POLYGON ra1 dec1 ... (degrees)' },
    {
      name: 'BAND', datatype: 'double', arraysize: '2', xtype: 'interval', unit: 'm', ucd: 'em.wl;stat.interval', value: '',
      description: 'Wavelength interval (m); the image is returned when it overlaps the filter',
      ...(extent ? { min: String(extent.emMin), max: String(extent.emMax) } : {}),
    },
    {
      name: 'PIXELS', datatype: 'char', value: '',
      description: 'Pixel box "x1 x2 y1 y2" (1-based, inclusive, FITS order)' + (extent ? ` within 1..${extent.width} and 1..${extent.height}` : ''),
    },
    {
      name: 'PLANE', datatype: 'char', value: '', options: PLANES.map((p) => p.name),
      description: 'HDUs to return (repeatable): IMAGE, MASK, VARIANCE; all three by default',
    },
  ];
}

export function sodaDescriptor(base: string, id: string, idRef: string, extent?: ImageExtent): ServiceDescriptor {
  return {
    id, standardId: STANDARD.soda, accessUrl: `${base}${SODA_PATH}`,
    description: 'SODA cutouts of HSC coadd images: a FITS file with the requested planes and a shifted WCS',
    inputParams: sodaInputParams(idRef, extent),
  };
}

/** The DataLink {links} service for the rows of an ObsCore result. */
export function datalinkDescriptor(base: string, idRef: string): ServiceDescriptor {
  return {
    id: 'datalink', standardId: STANDARD.datalink, accessUrl: `${base}/datalink/links`,
    description: 'Links of each image: the full file, its planes, a preview and the cutout service',
    inputParams: [{ ...ID_PARAM, value: '', ref: idRef }],
  };
}

const range = (name: string, unit: string | undefined, description: string): InputParam => ({
  name, datatype: 'double', arraysize: '2', xtype: 'interval', ...(unit ? { unit } : {}), value: '', description,
});
const text = (name: string, description: string, options?: readonly string[]): InputParam => ({
  name, datatype: 'char', value: '', description, ...(options ? { options } : {}),
});

/** SIA 2.0 §3: the self-describing resource (adhoc:service named "this") of the query endpoint. */
export function siaSelfDescriptor(base: string): ServiceDescriptor {
  return {
    id: 'this', name: 'this', standardId: STANDARD.sia, accessUrl: `${base}${SIA_PATH}`,
    description: 'SIA 2.0 search of the HSC coadd images (ivoa.obscore)',
    inputParams: [
      { ...text('POS', `CIRCLE ra dec r | RANGE ra1 ra2 dec1 dec2 | POLYGON ra1 dec1 ... (degrees; circles up to ${MAX_RADIUS} deg)`), ucd: 'pos.outline;obs' },
      { ...range('BAND', 'm', 'Wavelength interval'), min: String(Math.min(...HSC_FILTERS.map((f) => f.emMin))), max: String(Math.max(...HSC_FILTERS.map((f) => f.emMax))) },
      range('TIME', 'd', 'MJD interval'),
      text('POL', 'Polarization state'),
      range('FOV', 'deg', 'Field of view interval'),
      range('SPATRES', 'arcsec', 'Spatial resolution interval'),
      range('EXPTIME', 's', 'Exposure time interval'),
      range('TIMERES', 's', 'Time resolution interval'),
      range('SPECRP', undefined, 'Spectral resolving power interval'),
      text('ID', 'Publisher DID'),
      text('COLLECTION', 'Collection', ['pdr3_wide', 'pdr3_dud']),
      text('FACILITY', 'Facility', ['Subaru']),
      text('INSTRUMENT', 'Instrument', ['Hyper Suprime-Cam']),
      text('DPTYPE', 'Data product type', ['image']),
      { name: 'CALIB', datatype: 'int', value: '', description: 'Calibration level', options: ['3'] },
      text('TARGET', 'Target name'),
      text('FORMAT', 'access_format'),
      { name: 'MAXREC', datatype: 'int', value: '', description: 'Largest number of records' },
      text('RESPONSEFORMAT', 'Output format (votable by default)'),
    ],
  };
}
