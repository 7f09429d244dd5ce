import { randomInt } from 'node:crypto';

/**
 * Example dossiers (REST bodies) for the demo, the end-to-end tests and the benchmarks: Vietnamese names (with
 * diacritics), valid 12-digit personal IDs, a realistic life cycle. Deterministic per index, so a failing run
 * can be replayed.
 */
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Ngọc', 'Minh', 'Thanh', 'Hồng'];
const GIVEN = [
  'An',
  'Bình',
  'Châu',
  'Dũng',
  'Giang',
  'Hà',
  'Hùng',
  'Khánh',
  'Linh',
  'Nhung',
  'Phúc',
  'Quân',
  'Thảo',
  'Yến',
];
const PROCEDURES = [
  { code: '1.001193.000.00.00.H56', name: 'Đăng ký khai sinh', field: 'G09-TP03', fieldName: 'Hộ tịch' },
  {
    code: '1.004227.000.00.00.H56',
    name: 'Đăng ký biến động quyền sử dụng đất',
    field: 'G09-TN01',
    fieldName: 'Đất đai',
  },
  {
    code: '2.000720.000.00.00.H56',
    name: 'Đăng ký thành lập hộ kinh doanh',
    field: 'G09-KH02',
    fieldName: 'Thành lập và hoạt động của hộ kinh doanh',
  },
];

/** The usual path of a dossier through the one-stop procedure (docs/domain.md, Transitions). */
export const LIFE_CYCLE = [2, 4, 6, 4, 9, 10] as const;

const at = (base: number, minutes: number): string => new Date(base + minutes * 60_000).toISOString();

export function personalIdFor(index: number): string {
  const province = String((index % 96) + 1).padStart(3, '0');
  const centuryDigit = index % 2 === 0 ? '0' : '1';
  const year = String(60 + (index % 40)).padStart(2, '0');
  return `${province}${centuryDigit}${year}${String(index % 1_000_000).padStart(6, '0')}`;
}

export function applicantNameFor(index: number): string {
  return `${FAMILY[index % FAMILY.length]} ${MIDDLE[(index >> 2) % MIDDLE.length]} ${GIVEN[(index >> 4) % GIVEN.length]}`;
}

export function dossierRegistration(code: string, index: number, base = Date.now()): Record<string, unknown> {
  const procedure = PROCEDURES[index % PROCEDURES.length];
  return {
    dossierCode: code,
    procedureCode: procedure.code,
    procedureName: procedure.name,
    fieldCode: procedure.field,
    fieldName: procedure.fieldName,
    agencyCode: 'H56.20',
    receiptNumber: `BN-${code}`,
    applicant: {
      personalId: personalIdFor(index),
      fullName: applicantNameFor(index),
      kind: 'citizen',
      phone: `09${String(10_000_000 + index).slice(-8)}`,
    },
    summary: `${procedure.name} cho ${applicantNameFor(index)}`,
    status: 1,
    receivedAt: at(base, 0),
    appointmentAt: at(base, 7 * 24 * 60),
    documents: [
      {
        documentId: `${code}-1`,
        name: 'Tờ khai.pdf',
        componentCode: 'TK01',
        url: `https://one-stop.example.gov.vn/files/${code}/1`,
        deleted: false,
      },
    ],
    fees: [{ code: 'LP01', name: 'Lệ phí', amount: 50_000, collectionMethod: 'online', kind: 'fee' }],
    submissionChannel: 'at-counter',
    occurredAt: at(base, 0),
  };
}

export function statusChange(
  code: string,
  status: number,
  step: number,
  base = Date.now(),
): Record<string, unknown> {
  return {
    dossierCode: code,
    status,
    step: {
      officer: 'Trần Thị Bích Ngọc',
      officerTitle: 'Chuyên viên',
      department: 'Bộ phận một cửa',
      content: `Bước ${step}: chuyển trạng thái ${status}`,
      startedAt: at(base, step),
      dueAt: at(base, step + 24 * 60),
      resultDocuments:
        status === 9
          ? [
              {
                documentId: `${code}-KQ`,
                name: 'Kết quả.pdf',
                url: `https://one-stop.example.gov.vn/results/${code}`,
              },
            ]
          : [],
    },
    occurredAt: at(base, step),
  };
}

export function dossierCodeFor(run: string, index: number): string {
  return `H56.22-${run}-${String(index).padStart(6, '0')}`;
}

export const randomRun = (): string =>
  randomInt(36 ** 5)
    .toString(36)
    .padStart(5, '0');
