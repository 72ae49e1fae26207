// The workflow bundle's single entry: workflow functions only.
export { complaintWorkflow } from './complaint/workflow';
export { conductWorkflow } from './conduct/workflow';
export { retentionWorkflow } from './retention/workflow';
export { calendarChangeWorkflow } from './calendar/workflow';
export { actionWorkflow } from './actions/workflow';
