from django import template

from zhicheng.identity.idnumber import mask, mask_mobile

register = template.Library()


@register.filter
def masked_id(value: str | None) -> str:
    return mask(value)


@register.filter
def masked_mobile(value: str | None) -> str:
    return mask_mobile(value)


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key, key) if mapping else key
