export { CLASS_NAMES } from '@fmnist/data';
