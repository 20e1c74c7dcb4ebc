export declare function burn(inputs: { ms: number }): { spins: number };
export declare function double(inputs: { n: number }): { doubled: number };
export declare function doubleTask(task: { n: number }): { doubled: number };
