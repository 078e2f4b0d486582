/**
 * A host config and stylesheet close to Teams' light theme (Segoe UI stack, 14px body, Teams
 * brand colours, inline ShowCards, left-aligned buttons), so the screenshots resemble what people see.
 */
export const TEAMS_HOST_CONFIG = {
  supportsInteractivity: true,
  fontFamily: "'Segoe UI', system-ui, 'DejaVu Sans', sans-serif",
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5B5FC7', subtle: '#6264A7' },
        good: { default: '#0E700E', subtle: '#107C10' },
        warning: { default: '#835C00', subtle: '#8A6100' },
        attention: { default: '#C4314B', subtle: '#B10E1C' },
        dark: { default: '#242424', subtle: '#424242' },
        light: { default: '#FFFFFF', subtle: '#F5F5F5' },
      },
    },
    emphasis: {
      backgroundColor: '#F5F5F5',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5B5FC7', subtle: '#6264A7' },
        good: { default: '#0E700E', subtle: '#107C10' },
        warning: { default: '#835C00', subtle: '#8A6100' },
        attention: { default: '#C4314B', subtle: '#B10E1C' },
        dark: { default: '#242424', subtle: '#424242' },
        light: { default: '#FFFFFF', subtle: '#F5F5F5' },
      },
    },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 16, style: 'emphasis' },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
  },
  factSet: {
    title: { weight: 'bolder', size: 'default', color: 'default', wrap: true, maxWidth: 200 },
    value: { weight: 'default', size: 'default', color: 'default', wrap: true },
    spacing: 8,
  },
  inputs: { label: { requiredInputs: { suffix: ' *', suffixColor: 'attention' }, optionalInputs: {} } },
};

export const TEAMS_CSS = `
  body { margin: 0; background: #F5F5F5; font-family: 'Segoe UI', system-ui, 'DejaVu Sans', sans-serif; }
  #frame { display: inline-block; margin: 12px; padding: 0; background: #FFFFFF; border-radius: 6px;
           box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); width: 520px; overflow: hidden; }
  .ac-adaptiveCard p { margin: 0; }
  .ac-adaptiveCard ul, .ac-adaptiveCard ol { margin: 0; padding-left: 20px; }
  .ac-adaptiveCard a { color: #5B5FC7; }
  .ac-pushButton { font: 600 14px 'Segoe UI', system-ui, 'DejaVu Sans', sans-serif; color: #242424; background: #FFFFFF;
                   border: 1px solid #D1D1D1; border-radius: 4px; padding: 4px 10px; min-height: 32px; cursor: pointer;
                   white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .ac-pushButton.style-positive { background: #5B5FC7; border-color: #5B5FC7; color: #FFFFFF; }
  .ac-pushButton.style-destructive { background: #C4314B; border-color: #C4314B; color: #FFFFFF; }
  .ac-pushButton[aria-expanded="true"], .ac-pushButton.expanded { background: #EBEBEB; color: #242424; border-color: #5B5FC7; }
  /* The stock stylesheet draws the ShowCard chevron with the Segoe MDL2 Assets icon font, which only
     Windows has; Teams shows a chevron, so draw one from a font every machine has. */
  .ac-pushButton.expandable:after { font-family: inherit; content: "\\25BE"; padding-left: 6px; }
  .ac-pushButton.expandable.expanded:after { content: "\\25B4"; }
  #frame.full { width: 820px; }
  .ac-input { font: 14px 'Segoe UI', system-ui, 'DejaVu Sans', sans-serif; border: 1px solid #D1D1D1; border-radius: 4px;
              padding: 5px 8px; box-sizing: border-box; width: 100%; }
  .ac-textInput.ac-multiline { min-height: 60px; }
`;
