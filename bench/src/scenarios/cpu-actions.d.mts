export declare function burn(inputs: Record<string, unknown>): { spins: number };
export declare function double(inputs: Record<string, unknown>): { doubled: number };
export declare function doubleTask(task: { n: number }): { doubled: number };
