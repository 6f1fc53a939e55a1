// Registers only the Element Plus parts the app uses, so the bundle stays
// small. Add a component here before using it in a template (a group's
// parts come with it: ElRadio brings ElRadioGroup and ElRadioButton, ElTabs
// brings ElTabPane).
import {
  ElAlert, ElAside, ElAvatar, ElBadge, ElButton, ElCard, ElCheckbox, ElCheckboxGroup, ElCol,
  ElConfigProvider, ElContainer, ElDescriptions, ElDescriptionsItem, ElDialog, ElDivider,
  ElDropdown, ElDropdownItem, ElDropdownMenu, ElEmpty, ElForm, ElFormItem, ElHeader, ElIcon,
  ElInput, ElInputNumber, ElLink, ElLoading, ElMain, ElMenu, ElMenuItem, ElOption, ElPopconfirm,
  ElResult, ElRow, ElSelect, ElSubMenu, ElTable, ElTableColumn, ElTag, ElTooltip, ElText,
  ElCascader, ElDatePicker, ElProgress, ElRadio, ElRadioButton, ElRadioGroup, ElStatistic, ElStep,
  ElSteps, ElSwitch, ElTabs, ElTreeSelect, ElUpload, ElCalendar, ElPopover, ElRate, ElTimeline,
  ElTimelineItem, ElTree, ElDrawer,
} from 'element-plus'
import 'element-plus/dist/index.css'

const parts = [
  ElAlert, ElAside, ElAvatar, ElBadge, ElButton, ElCard, ElCheckbox, ElCheckboxGroup, ElCol,
  ElConfigProvider, ElContainer, ElDescriptions, ElDescriptionsItem, ElDialog, ElDivider,
  ElDropdown, ElDropdownItem, ElDropdownMenu, ElEmpty, ElForm, ElFormItem, ElHeader, ElIcon,
  ElInput, ElInputNumber, ElLink, ElLoading, ElMain, ElMenu, ElMenuItem, ElOption, ElPopconfirm,
  ElResult, ElRow, ElSelect, ElSubMenu, ElTable, ElTableColumn, ElTag, ElTooltip, ElText,
  ElCascader, ElDatePicker, ElProgress, ElRadio, ElRadioButton, ElRadioGroup, ElStatistic, ElStep,
  ElSteps, ElSwitch, ElTabs, ElTreeSelect, ElUpload, ElCalendar, ElPopover, ElRate, ElTimeline,
  ElTimelineItem, ElTree, ElDrawer,
]

export default {
  install(app) {
    for (const part of parts) app.use(part)
  },
}
