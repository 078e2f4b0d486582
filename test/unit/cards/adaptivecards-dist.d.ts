// The package entry fails to load on Node 20 (seen with adaptivecards 3.x); its bundled dist file works and has the same API.
declare module 'adaptivecards/dist/adaptivecards.js' {
  export * from 'adaptivecards';
}
