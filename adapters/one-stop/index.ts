export {
  ONE_STOP_API_KEY_HEADER,
  ONE_STOP_PATHS,
  OneStopClient,
  type OneStopDelivery,
  type OneStopDeliveryKind,
} from './client/one-stop.client';
export { OneStopDeliveryService } from './one-stop-delivery.service';
export { OneStopModule } from './one-stop.module';
export { ONE_STOP, oneStopPolicy } from './one-stop.policy';
