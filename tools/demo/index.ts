export {
  generateDemoData,
  type DemoAddress,
  type DemoConsent,
  type DemoData,
  type DemoDataOptions,
  type DemoOrder,
  type DemoPurpose,
  type DemoSource,
  type DemoSourceRecord,
} from './generateDemoData.ts';
