export declare function findBrowser(): Promise<{ path: string | undefined; source: string }>;
