// The two d3 modules Vega formats with (through vega-format), typed as far as chartLocale.test.ts uses them.
declare module 'd3-time-format' {
  export function timeFormatLocale(definition: object): {
    utcFormat(specifier: string): (date: Date) => string;
  };
  export function utcFormat(specifier: string): (date: Date) => string;
}
declare module 'd3-format' {
  export function formatLocale(definition: object): {
    format(specifier: string): (n: number) => string;
  };
}
