/**
 * The shipped "public perception" questionnaire behind indicators 54–56 and its mapping (data:
 * which answers count as aware / participating / satisfied — shown on every report).
 */
import { RESPONDENT_GROUPS, TOWNS } from '../reference';
import type { Definition, Mapping, Option } from './definition';

export const PERCEPTION = 'perception';

const SATISFACTION: Option[] = [
	{ code: 'very_satisfied', zh: '非常满意', en: 'Very satisfied' },
	{ code: 'satisfied', zh: '满意', en: 'Satisfied' },
	{ code: 'basic', zh: '基本满意', en: 'Fairly satisfied' },
	{ code: 'dissatisfied', zh: '不满意', en: 'Dissatisfied' },
	{ code: 'very_dissatisfied', zh: '非常不满意', en: 'Very dissatisfied' }
];

export const AGE_BANDS: Option[] = [
	{ code: 'a18_29', zh: '18–29 岁', en: '18–29' },
	{ code: 'a30_44', zh: '30–44 岁', en: '30–44' },
	{ code: 'a45_59', zh: '45–59 岁', en: '45–59' },
	{ code: 'a60_plus', zh: '60 岁及以上', en: '60 and over' }
];

export function perceptionDefinition(): Definition {
	return {
		sections: [
			{
				code: 'about',
				zh: '关于您',
				en: 'About you',
				questions: [
					{
						code: 'town',
						type: 'single',
						zh: '您常住在哪个镇街（地区）？',
						en: 'Which town or subdistrict do you live in?',
						required: true,
						options: TOWNS.map((t) => ({ code: t.code, zh: t.zh, en: t.en }))
					},
					{
						code: 'group',
						type: 'single',
						zh: '您以哪种身份作答？',
						en: 'In which capacity are you answering?',
						required: true,
						options: RESPONDENT_GROUPS.map((g) => ({ code: g.code, zh: g.zh, en: g.en }))
					},
					{
						code: 'age_band',
						type: 'single',
						zh: '您的年龄段',
						en: 'Your age band',
						required: true,
						options: AGE_BANDS
					}
				]
			},
			{
				code: 'awareness',
				zh: '宣传教育',
				en: 'Publicity and education',
				questions: [
					{
						code: 'aware_items',
						type: 'multiple',
						zh: '过去12个月，您接触过以下哪些“无废城市”宣传、教育或培训？（可多选）',
						en: 'In the last 12 months, which zero-waste publicity, education or training did you receive or notice? (choose all that apply)',
						required: true,
						options: [
							{ code: 'leaflet', zh: '宣传册、海报或标语', en: 'Leaflets, posters or banners' },
							{ code: 'community_event', zh: '社区（村）宣传活动', en: 'A community or village event' },
							{ code: 'training', zh: '培训或讲座', en: 'Training or a talk' },
							{ code: 'media', zh: '电视、广播或报纸', en: 'TV, radio or newspapers' },
							{ code: 'online', zh: '微信、网站或短视频', en: 'WeChat, websites or short videos' },
							{ code: 'none', zh: '都没有接触过', en: 'None of these' }
						]
					}
				]
			},
			{
				code: 'participation',
				zh: '参与情况',
				en: 'Taking part',
				questions: [
					{
						code: 'actions',
						type: 'multiple',
						zh: '过去12个月，您做过以下哪些事？（可多选）',
						en: 'In the last 12 months, which of these did you do? (choose all that apply)',
						required: true,
						options: [
							{ code: 'sorting', zh: '坚持垃圾分类投放', en: 'Sorted my waste regularly' },
							{ code: 'cell_activity', zh: '参加“无废细胞”活动', en: 'Took part in a zero-waste cell activity' },
							{ code: 'volunteering', zh: '做志愿者', en: 'Volunteered' },
							{ code: 'feedback', zh: '提出意见或随手拍反映问题', en: 'Gave feedback or reported a problem' },
							{ code: 'none', zh: '都没有', en: 'None of these' }
						]
					},
					{
						code: 'attention',
						type: 'single',
						zh: '为确认您在认真阅读，请选择“同意”。',
						en: 'To show you are reading carefully, please choose "Agree".',
						required: true,
						attention: 'agree',
						options: [
							{ code: 'disagree', zh: '不同意', en: 'Disagree' },
							{ code: 'agree', zh: '同意', en: 'Agree' }
						]
					}
				]
			},
			{
				code: 'satisfaction',
				zh: '满意程度',
				en: 'Satisfaction',
				questions: [
					{
						code: 'aspects',
						type: 'matrix',
						zh: '您对以下方面的满意程度',
						en: 'How satisfied are you with each of these?',
						required: true,
						options: SATISFACTION,
						rows: [
							{ code: 'facilities', zh: '分类投放设施', en: 'Sorting and drop-off facilities' },
							{ code: 'cleanliness', zh: '环境卫生', en: 'Cleanliness of public spaces' },
							{ code: 'publicity', zh: '宣传引导', en: 'Publicity and guidance' }
						]
					},
					{
						code: 'overall',
						type: 'likert',
						zh: '总体而言，您对密云区“无废城市”建设成效是否满意？',
						en: 'Overall, how satisfied are you with the results of zero-waste city building in Miyun?',
						required: true,
						options: SATISFACTION
					},
					{
						code: 'why_not',
						type: 'longtext',
						zh: '哪些方面让您不满意？',
						en: 'What are you not satisfied with?',
						required: false,
						showIf: { question: 'overall', anyOf: ['dissatisfied', 'very_dissatisfied'] }
					},
					{
						code: 'recommend',
						type: 'rating',
						zh: '您有多大可能向亲友推荐参与“无废城市”活动？（0–10）',
						en: 'How likely are you to recommend zero-waste activities to friends and family? (0–10)',
						required: false
					}
				]
			}
		]
	};
}

export function perceptionMapping(): Mapping {
	return {
		indicators: [
			{ no: 54, question: 'aware_items', anyOf: ['leaflet', 'community_event', 'training', 'media', 'online'] },
			{ no: 55, question: 'actions', anyOf: ['sorting', 'cell_activity', 'volunteering', 'feedback'] },
			{ no: 56, question: 'overall', anyOf: ['very_satisfied', 'satisfied'], basic: 'basic' }
		],
		town: 'town',
		group: 'group',
		ageBand: 'age_band'
	};
}

/** Declared weights of the groups in the combined indicator 55 (editable per survey). */
export const DEFAULT_GROUP_WEIGHTS: Record<string, number> = {
	public: 0.7,
	government: 0.1,
	enterprise: 0.1,
	ngo: 0.1
};

export const TARGETS: Record<54 | 55 | 56, number> = { 54: 0.8, 55: 0.9, 56: 0.9 };

/** Resident population by town: SAMPLE figures (about 52.6万 in total, 2022) until the district enters real ones. */
export const SAMPLE_POPULATION: Record<string, number> = {
	miyun_zhen: 52000,
	gulou: 138000,
	guoyuan: 62000,
	tanying: 12000,
	jugezhuang: 24000,
	xitiangezhuang: 26000,
	mujiayu: 25000,
	henanzhai: 24000,
	shilipu: 22000,
	xiwengzhuang: 18000,
	dongshaoqu: 11000,
	shicheng: 7000,
	taishitun: 26000,
	beizhuang: 7000,
	gubeikou: 10000,
	xinchengzi: 10000,
	dachengzi: 12000,
	gaoling: 14000,
	bulaotun: 15000,
	fengjiayu: 7000,
	zgc_park: 4000
};
