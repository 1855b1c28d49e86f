// The catalogue of mounted services: each router registers what it offers, and the landing page
// and the startup banner list exactly what is there.

export interface ServiceEntry {
  /** Short name, e.g. 'TAP'. */
  name: string;
  /** Path under the server root, e.g. '/tap'. */
  path: string;
  description: string;
  /** Standard it implements, e.g. 'IVOA TAP 1.1'. */
  standard?: string;
}

export class ServiceCatalogue {
  private readonly entries: ServiceEntry[] = [];
  add(entry: ServiceEntry): void {
    this.entries.push(entry);
  }
  list(): readonly ServiceEntry[] {
    return this.entries;
  }
}
