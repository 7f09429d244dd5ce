import { DossierStatus } from '../common/dossier-status';

/**
 * One valid payload per contract version, as a partner would send it. They document the contracts (the AsyncAPI
 * document shows them) and seed the tests; a unit test keeps each valid against its class.
 */
const applicant = {
  personalId: '001203012345',
  fullName: 'Nguyễn Văn An',
  birthDate: '2003-05-17',
  kind: 'citizen',
  phone: '0912345678',
  email: 'an.nguyen@example.vn',
  address: 'Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội',
};

const documents = [
  {
    documentId: 'TL-0001',
    name: 'Tờ khai đăng ký khai sinh',
    componentCode: 'TP-01',
    url: 'https://one-stop.example.vn/files/TL-0001',
    deleted: false,
  },
];

const fees = [
  { code: 'LP-01', name: 'Lệ phí cấp giấy phép', amount: 50000, collectionMethod: 'online', kind: 'charge' },
];

const dossier = {
  dossierCode: 'H12.34-250101-0001',
  procedureCode: '1.004227',
  procedureName: 'Cấp giấy phép xây dựng',
  fieldCode: 'XD',
  fieldName: 'Xây dựng',
  agencyCode: 'H12.34',
  receiptNumber: 'BN-250101-0001',
  applicant,
  summary: 'Xin cấp giấy phép xây dựng nhà ở riêng lẻ',
  status: DossierStatus.Received,
  receivedAt: '2025-01-01T08:30:00+07:00',
  appointmentAt: '2025-01-15T17:00:00+07:00',
  documents,
  fees,
  occurredAt: '2025-01-01T08:30:05+07:00',
};

const stepV1 = {
  officer: 'Trần Thị Bình',
  officerTitle: 'Chuyên viên',
  department: 'Phòng Quản lý đô thị',
  content: 'Thẩm định hồ sơ',
  startedAt: '2025-01-02T08:00:00+07:00',
  dueAt: '2025-01-10T17:00:00+07:00',
};

const resultDocument = {
  documentId: 'KQ-0001',
  name: 'Giấy phép xây dựng',
  componentCode: 'KQ-01',
  url: 'https://one-stop.example.vn/files/KQ-0001',
};

const order = {
  orderId: 'DH-250101-0001',
  dossierCode: dossier.dossierCode,
  amount: 50000,
  paymentGateway: 'paygov',
};

const examples: Record<string, Record<number, object>> = {
  'dossier.registered': {
    1: { ...dossier, status: DossierStatus.NewlyRegistered, submissionChannel: 'online' },
  },
  'dossier.updated': { 1: { ...dossier } },
  'dossier.status-changed': {
    1: {
      dossierCode: dossier.dossierCode,
      status: DossierStatus.InProcess,
      step: stepV1,
      occurredAt: '2025-01-02T08:00:01+07:00',
    },
    2: {
      dossierCode: dossier.dossierCode,
      status: DossierStatus.Processed,
      step: { ...stepV1, content: 'Cấp giấy phép', resultDocuments: [resultDocument] },
      occurredAt: '2025-01-09T16:00:00+07:00',
    },
  },
  'dossier.filed-on-portal': {
    1: {
      dossierCode: 'G22.99-250101-0042',
      procedureCode: dossier.procedureCode,
      procedureName: dossier.procedureName,
      fieldCode: dossier.fieldCode,
      agencyCode: dossier.agencyCode,
      applicant,
      summary: dossier.summary,
      documents,
      fees,
      filedAt: '2025-01-01T21:15:00+07:00',
      occurredAt: '2025-01-01T21:15:02+07:00',
    },
  },
  'citizen.verification-requested': {
    1: {
      requestId: '6f1c2b1e-8f43-4a55-9d0a-3e2f4b5c6d7e',
      personalId: applicant.personalId,
      fullName: applicant.fullName,
      birthDate: applicant.birthDate,
      purpose: { serviceCode: dossier.procedureCode, agencyCode: dossier.agencyCode, officerCode: 'CB-0007' },
      occurredAt: '2025-01-01T08:31:00+07:00',
    },
    2: {
      requestId: '6f1c2b1e-8f43-4a55-9d0a-3e2f4b5c6d7e',
      personalId: applicant.personalId,
      fullName: applicant.fullName,
      birthDate: applicant.birthDate,
      purpose: {
        serviceCode: dossier.procedureCode,
        dossierCode: dossier.dossierCode,
        agencyCode: dossier.agencyCode,
        officerCode: 'CB-0007',
      },
      disclose: ['fullName'],
      occurredAt: '2025-01-01T08:31:00+07:00',
    },
  },
  'citizen.verification-completed': {
    1: {
      requestId: '6f1c2b1e-8f43-4a55-9d0a-3e2f4b5c6d7e',
      matched: true,
      occurredAt: '2025-01-01T08:31:01+07:00',
    },
    2: {
      requestId: '6f1c2b1e-8f43-4a55-9d0a-3e2f4b5c6d7e',
      verdict: 'match',
      differingFields: [],
      citizen: { fullName: applicant.fullName },
      occurredAt: '2025-01-01T08:31:01+07:00',
    },
  },
  'payment.requested': {
    1: {
      ...order,
      description: 'Lệ phí hồ sơ H12.34-250101-0001',
      fees,
      returnUrl: 'https://one-stop.example.vn/payments/return',
      occurredAt: '2025-01-09T16:05:00+07:00',
    },
  },
  'payment.completed': {
    1: {
      ...order,
      transactionNo: '14123456',
      paidAt: '2025-01-09T16:10:00+07:00',
      occurredAt: '2025-01-09T16:10:02+07:00',
    },
    2: {
      ...order,
      transactionNo: '14123456',
      paidAt: '2025-01-09T16:10:00+07:00',
      fees: fees.map((fee) => ({ code: fee.code, amount: fee.amount })),
      occurredAt: '2025-01-09T16:10:02+07:00',
    },
  },
  'payment.failed': {
    1: {
      ...order,
      reasonCode: '24',
      reason: 'Khách hàng hủy giao dịch',
      occurredAt: '2025-01-09T16:12:00+07:00',
    },
  },
  'connector.delivery-failed': {
    1: {
      connector: 'national-portal',
      messageId: '0b9e4f5a-6c7d-4e8f-9a0b-1c2d3e4f5a6b',
      messageType: 'dossier.status-changed',
      contractVersion: 2,
      dossierCode: dossier.dossierCode,
      errorCode: 'rejected_by_partner',
      reason: 'The portal refused the dossier: unknown procedure code',
      attempts: 4,
      occurredAt: '2025-01-09T16:20:00+07:00',
    },
  },
};

/** A fresh copy of the example, so a test may change it freely. */
export function contractExample(name: string, version: number): Record<string, unknown> {
  const example = examples[name]?.[version];
  if (!example) throw new Error(`No example for ${name} v${version}`);
  return structuredClone(example) as Record<string, unknown>;
}
