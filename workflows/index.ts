// The workflow bundle's single entry: workflow functions only.
export { complaintWorkflow } from './complaint/workflow';
