export declare const sharedTest: { maxWorkers: number; isolate: boolean };
export declare const slowTest: { maxWorkers: number; isolate: boolean; testTimeout: number; hookTimeout: number };
