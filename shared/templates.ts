/**
 * Session templates: the steps a facilitator runs, each with its instruction and the canvas it writes
 * on, the plan categories and the table names. The facilitator can change all of it afterwards.
 */
import type { Canvas } from './schema.ts'

export const TEMPLATE_IDS = ['workshop', 'kondankai', 'council', 'blank'] as const
export type TemplateId = (typeof TEMPLATE_IDS)[number]
export const isTemplateId = (v: unknown): v is TemplateId => (TEMPLATE_IDS as readonly unknown[]).includes(v)

export interface StepInput {
  name: string
  instruction: string
  /** The canvas tablets open on during this step. */
  canvas: Canvas
  /** 個人ワーク: new notes stay with their writer until the facilitator reveals them. */
  private?: boolean
  /** Suggested length in minutes, for the timer. */
  minutes?: number
}

export interface Template {
  id: TemplateId
  steps: StepInput[]
  categories: string[]
  /** Used when the facilitator names no tables when creating the session. */
  tables: string[]
}

const KURUME_CATEGORIES = ['関係を豊かにする', '寄り添う体制を整える', '地域をともに創る人を育む']

export const TEMPLATES: Record<TemplateId, Template> = {
  workshop: {
    id: 'workshop',
    steps: [
      { name: 'はじめに', instruction: '今日の流れと約束ごとを確認します。スマホやタブレットの使い方で困ったら手をあげてください。', canvas: 'need', minutes: 10 },
      { name: 'ニーズ出し', instruction: 'まず一人で、暮らしの中の困りごとを1枚にひとつずつ書いてください。公開するまで、ほかの人には見えません。', canvas: 'need', private: true, minutes: 10 },
      { name: '資源出し', instruction: '地域で助けになる人・団体・場所を書いてください。', canvas: 'resource', minutes: 10 },
      { name: 'グループ化', instruction: '似ている付箋を近くに集めて、グループに名前（表札）をつけましょう。', canvas: 'need', minutes: 20 },
      { name: 'シール投票', instruction: '大事だと思う付箋やグループにシールを貼ってください。', canvas: 'need', minutes: 5 },
      { name: 'アクション', instruction: 'わたしたちにできることを、小さなことから書いてください。', canvas: 'action', minutes: 15 },
      { name: '計画案', instruction: '話し合ったことを計画案にまとめます。', canvas: 'action', minutes: 20 },
    ],
    categories: KURUME_CATEGORIES,
    tables: ['テーブル1', 'テーブル2', 'テーブル3'],
  },
  kondankai: {
    id: 'kondankai',
    steps: [
      { name: 'はじめに', instruction: '懇談会の目的と進め方を確認します。', canvas: 'need', minutes: 10 },
      { name: '地域の困りごと', instruction: '日ごろ気になっていることを話してください。記録係が付箋に書きます。', canvas: 'need', minutes: 25 },
      { name: '地域の強み', instruction: '地域にある人・団体・場所、助け合いの例を話してください。', canvas: 'resource', minutes: 20 },
      { name: 'これからできること', instruction: 'わたしたちにできることを話し合いましょう。', canvas: 'action', minutes: 20 },
      { name: '全体共有', instruction: '各テーブルで出た意見を共有します。', canvas: 'need', minutes: 15 },
    ],
    categories: KURUME_CATEGORIES,
    tables: ['テーブル1', 'テーブル2'],
  },
  council: {
    id: 'council',
    steps: [
      { name: 'はじめに', instruction: '協議体の目的と今日の議題を確認します。', canvas: 'need', minutes: 5 },
      { name: '地域の課題', instruction: '生活支援の課題を出し合いましょう。', canvas: 'need', minutes: 15 },
      { name: '地域資源の把握', instruction: '使える資源・担い手を出し合いましょう。', canvas: 'resource', minutes: 15 },
      { name: '取り組みの検討', instruction: '課題と資源をつなげて、取り組みを考えます。', canvas: 'action', minutes: 20 },
      { name: 'まとめ', instruction: '次回までに誰が何をするか確認します。', canvas: 'action', minutes: 10 },
    ],
    categories: ['個別課題解決型', '近隣たすけあい型', 'テーマ別課題解決型', '共に楽しめる提案型'],
    tables: [],
  },
  blank: {
    id: 'blank',
    steps: [{ name: '自由に書く', instruction: '思ったことを付箋に書いてください。', canvas: 'need' }],
    categories: KURUME_CATEGORIES,
    tables: [],
  },
}

export const defaultTemplateFor = (kind: 'workshop' | 'kondankai'): TemplateId => (kind === 'kondankai' ? 'kondankai' : 'workshop')
